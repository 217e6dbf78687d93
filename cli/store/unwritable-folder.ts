import { fs, path } from "../node-builtins.js";

// Why a report cannot be saved in `.<app>/crash/`, found only after a
// capture failed (the exit notice) or when doctor asks: a capture that
// succeeds never looks. The folder and the ones above it are made as
// needed, so the answer is about the nearest part of the path that exists.

export type FolderProblem = {
  /** The part of the path that stops the write: the folder, or a file where a folder should be. */
  path: string;
  /** What is wrong with it, in our words: `is a file, not a folder`. */
  problem: string;
  /** What the user can do about it. */
  fix: string;
};

/** Node's codes for a write refused, in the words a user reads. */
const CODE_WORDS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
};

/** A failed write's code in a user's words; undefined for a code we have none for. */
export function writeFailureWords(code: string): string | undefined {
  return CODE_WORDS[code];
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "UNKNOWN";
}

/**
 * What stops crashfix from saving files in `dir`, or undefined where
 * nothing does. Never throws.
 */
export function unwritableFolder(dir: string): FolderProblem | undefined {
  let at = dir;
  for (;;) {
    let isFolder: boolean;
    try {
      isFolder = fs.statSync(at).isDirectory();
    } catch (error) {
      const code = codeOf(error);
      const parent = path.dirname(at);
      // Missing (made when needed), or below a file (the file is found next).
      if ((code === "ENOENT" || code === "ENOTDIR") && parent !== at) {
        at = parent;
        continue;
      }
      return {
        path: at,
        problem: `cannot be read (${writeFailureWords(code) ?? code})`,
        fix: "check its permissions",
      };
    }
    if (!isFolder) {
      return {
        path: at,
        problem: "is a file, not a folder",
        fix: "move or rename that file so crashfix can make the folder",
      };
    }
    try {
      // W_OK alone is not enough to create a file in a folder: X_OK lets us enter it.
      fs.accessSync(at, fs.constants.W_OK | fs.constants.X_OK);
      return undefined;
    } catch (error) {
      return {
        path: at,
        problem: `cannot be written (${writeFailureWords(codeOf(error)) ?? codeOf(error)})`,
        fix: "make it writable for your user",
      };
    }
  }
}
