import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Every folder a bench makes lives under one folder of its process, removed
// when the process exits: the suite runs the benches on every `npm test`, and
// their stores and spools would otherwise pile up in the system's temp folder.
let root: string | undefined;

/** A new empty folder named after `name`, gone when this process exits. */
export function benchTempFolder(name: string): string {
  if (root === undefined) {
    const made = mkdtempSync(join(tmpdir(), "crashfix-bench-"));
    root = made;
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
  }
  return mkdtempSync(join(root, `${name}-`));
}
