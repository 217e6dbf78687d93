import { copyFilesFix } from "../bin-path.js";
import { CrashfixError } from "../errors.js";
import { scrubber, scrubberPath } from "./scrubber.js";
import type * as Scrubber from "./scrubber-bundle.js";

// A copy of crashfix that cannot load its scrubber (dist/scrubber.cjs) can
// neither capture nor check a report it reads back. doctor and the commands
// say so in these words: Node's require stack names the same file, reads as
// a crash, and says nothing of the fix.

/** Why the scrubber did not load: the file this copy looked for, and Node's code for the failure. */
export function scrubberLoadFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  let file: string;
  try {
    file = scrubberPath();
  } catch (pathError) {
    return pathError instanceof Error ? pathError.message : String(pathError);
  }
  return `cannot load ${file} (${typeof code === "string" ? code : "LOAD_FAILED"})`;
}

/**
 * The scrubber, for a command that reads reports back. One that cannot load
 * is an error of its own (SCRUBBER_UNAVAILABLE): the reports are not corrupt,
 * this copy of crashfix just cannot check them.
 */
export function scrubberForCommands(): typeof Scrubber {
  try {
    return scrubber();
  } catch (error) {
    throw new CrashfixError(
      "SCRUBBER_UNAVAILABLE",
      `${scrubberLoadFailure(error)}, so crash reports can be neither read nor captured: ${copyFilesFix()}`,
      { cause: error },
    );
  }
}
