import { unwritableFolder, writeFailureWords } from "../store/unwritable-folder.js";
import { shownPath } from "./format-crash-notice.js";

export type CaptureFailureInput = {
  displayName: string;
  /** Undefined where no command for crashfix's commands exists: the line then names none. */
  command: string | undefined;
  /** The failed capture's code (an errno code such as ENOTDIR, or crashfix's own). */
  code: string;
  /** The deepest folder a capture writes in (the outbox): the check walks up from it. */
  outboxDir: string;
  cwd: string;
};

/**
 * The one line printed when a capture failed and nothing was saved: the
 * report's folder is where the capture log lives too, so without this line
 * the user never learns. Where the folder is the cause it says why in our
 * words and names doctor, which explains it and the fix; otherwise it names
 * the failure. Never a stack.
 */
export function formatCaptureFailure(input: CaptureFailureInput): string {
  const start = `${input.displayName}: a crash report could not be saved`;
  const folder = unwritableFolder(input.outboxDir);
  if (folder === undefined) {
    const words = writeFailureWords(input.code);
    return words === undefined ? `${start} (${input.code})\n` : `${start}: ${words}\n`;
  }
  const more = input.command === undefined ? "" : `; details: ${input.command} crash doctor`;
  return `${start}: ${shownPath(input.cwd, folder.path)} ${folder.problem}${more}\n`;
}
