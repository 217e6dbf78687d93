import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

// The folders made through this module in the test file that imports it.
// The hook below is registered when a test file first imports this module,
// before the file's own hooks; vitest runs after-hooks in reverse order
// (sequence.hooks "stack", its default), so it runs last: once the file's
// afterAll hooks have closed its servers and waited for its child processes.
// A failed test or hook does not skip it.
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder `<prefix>XXXXXX` in the system's temp folder, removed when the test file is done. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
