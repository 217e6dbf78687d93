import { describe } from "vitest";
import { hasRedisServer } from "../../fixtures/redis-server.js";

// describe() for tests that need redis-server: where it is missing they are
// skipped with one visible line naming it and how to install it (CI
// installs it: .ci/run).
export function describeWithRedis(name: string, body: () => void): void {
  if (!hasRedisServer) {
    process.stderr.write(
      "skipped: these tests need redis-server, which is not installed (apt-get install redis-server)\n",
    );
  }
  describe.skipIf(!hasRedisServer)(name, body);
}
