import { crashfixShellPath } from "../bin-path.js";

/** `crashfix shell-path`: where crashfix.sh is, for a bash host to copy or source. */
export function shellPathText(): string {
  return `${crashfixShellPath()}\n`;
}
