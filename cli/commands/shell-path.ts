import { crashfixShellPath } from "../bin-path.js";
import { CrashfixError } from "../errors.js";
import { fs } from "../node-builtins.js";

/**
 * `crashfix shell-path`: where crashfix.sh is, for a bash host to copy or
 * source. A copy that `copy-files` put beside a bundle has no crashfix.sh
 * (a bundle is a Node CLI's), so this says where the script does ship
 * rather than print a path that is not there.
 */
export function shellPathText(): string {
  const script = crashfixShellPath();
  if (!fs.existsSync(script)) {
    throw new CrashfixError(
      "SHELL_SCRIPT_MISSING",
      `this copy of crashfix has no crashfix.sh (looked for ${script}); it ships in the crashfix package: run shell-path from a project that installs crashfix (node_modules/crashfix/crashfix.sh)`,
    );
  }
  return `${script}\n`;
}
