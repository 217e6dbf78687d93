/**
 * Version of the scrub rules and stack normalization. Bump it whenever the
 * output of `redactValue`, `redactTree`, `normalizeStack` or `fingerprint`
 * changes for any input, so a report says which rules produced it.
 */
export const RULES_VERSION = "2026.12.07-9";
