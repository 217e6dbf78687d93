import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  installHost,
  makeSandbox,
  ROOT,
  reportFiles,
  run,
  type Sandbox,
} from "./helpers.js";
import { readmeBlock } from "./readme-block.js";

// cli/README.md's "A Node CLI" lines, run as written in a host that installed
// the packed tarball, followed by the host's own command handling: a host
// that answers a command it does not know with "unknown command" and exit 1.
const HOST_OWN_HANDLING = `
async function main(args) {
  if (args[0] === "boom") JSON.parse("{ not json");
  console.error(\`loki: unknown command '\${args[0]}'\`);
  process.exit(1);
}
`;

async function readmeHost(sandbox: Sandbox) {
  const lines = readmeBlock(join(ROOT, "cli"), "## A Node CLI", "ts");
  expect(lines).toContain("await main(args);");
  const script = await installHost(
    sandbox,
    "loki.mjs",
    `${lines.replace("https://crash.example.com", "http://127.0.0.1:9")}${HOST_OWN_HANDLING}`,
  );
  return (...args: string[]) =>
    run(process.execPath, [script, ...args], { cwd: sandbox.project, env: baseEnv(sandbox) });
}

describe("cli/README.md's Node lines in a host with its own command handling", () => {
  it("end the host's handling after a crashfix command, so no command of crashfix's is filed as a crash", async () => {
    const sandbox = await makeSandbox();
    const loki = await readmeHost(sandbox);
    const crash = await loki("boom");
    expect(crash.code).toBe(1);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);

    for (const [args, code] of [
      [["crash", "show", "deadbeef"], 4],
      [["crash", "list"], 0],
      [["telemetry", "status"], 0],
    ] as const) {
      const result = await loki(...args);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr, args.join(" ")).not.toContain("unknown command");
    }
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    // The host's own handling still runs for its own words.
    const own = await loki("frobnicate");
    expect(own.stderr).toContain("loki: unknown command 'frobnicate'");
  });
});
