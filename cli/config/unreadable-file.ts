import { path as nodePath } from "../node-builtins.js";

/**
 * Why one of crashfix's own files cannot be read, with the fix, in a user's
 * words. Node's code alone sent a user whose `~/.<app>` is a file to fix
 * the permissions of a file that cannot exist.
 */
export function unreadableFile(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "error";
  if (code === "ENOTDIR") {
    return `cannot read ${path}: ${nodePath.dirname(path)} is a file, not a folder: move or rename that file`;
  }
  if (code === "EISDIR")
    return `cannot read ${path}: it is a folder, not a file: move or rename it`;
  return `cannot read ${path} (${code}): fix its permissions or delete it`;
}
