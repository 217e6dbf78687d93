import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Packs and installs the client once (tests/setup/install-client.ts);
    // finds the system tools some tests need (tests/setup/system-tools.ts).
    globalSetup: ["tests/setup/install-client.ts", "tests/setup/system-tools.ts"],
    // Child processes, loopback servers and git repos: give each file room,
    // and keep the suite on the machine's two cores without oversubscribing.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
