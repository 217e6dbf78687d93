/**
 * What the caller knows about the machine, passed in because the scrubber does
 * no I/O: the home directory (e.g. os.homedir()), the repository root, and the
 * names of the project's repositories ("owner/name" or remote URLs).
 */
export interface RedactionContext {
  home?: string;
  repoRoot?: string;
  repoNames?: string[];
}
