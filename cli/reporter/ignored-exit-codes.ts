/**
 * Exit codes that are not crashes. 2 and 64 are usage errors (bash's
 * builtins, getopt-style tools, Python's argparse, Go's flag package and
 * Rust's clap exit 2 on a bad command line; sysexits.h names 64 EX_USAGE):
 * the user mistyped, the tool did not fail. 129, 130, 141 and 143 are
 * SIGHUP, SIGINT, SIGPIPE and SIGTERM by shell convention (128 + signal).
 */
export const DEFAULT_IGNORED_EXIT_CODES: readonly number[] = [2, 64, 129, 130, 141, 143];
