import { describe } from "vitest";
import { hasRedisServer } from "../../fixtures/redis-server.js";

// describe() for tests that need redis-server: where it is missing they are
// skipped, and the test run says so once (tests/setup/system-tools.ts; CI
// installs it: .ci/run).
export function describeWithRedis(name: string, body: () => void): void {
  describe.skipIf(!hasRedisServer)(name, body);
}
