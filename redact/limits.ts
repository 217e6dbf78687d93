/**
 * Largest string the scrubber reads (UTF-16 code units). Anything beyond is
 * cut and replaced by a marker, so time and memory stay bounded for any input.
 */
export const MAX_INPUT_CHARS = 1_048_576;

/** Deepest nesting `redactTree` follows; deeper values become a marker. */
export const MAX_TREE_DEPTH = 64;

/** Most object keys plus array items `redactTree` visits in one call. */
export const MAX_TREE_NODES = 100_000;
