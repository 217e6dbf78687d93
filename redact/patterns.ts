import { AUTH_SCHEME_PATTERN, DIGEST_PATTERN } from "./redact-auth-schemes.js";
import { CARD_START_PATTERN } from "./redact-card-numbers.js";
import { NETRC_PATTERN, USER_FLAG_PATTERN } from "./redact-cli-credentials.js";
import { EMAIL_DOMAIN_PATTERN } from "./redact-email.js";
import { HOME_PATH_PATTERNS } from "./redact-home-paths.js";
import { IPV4_PATTERN, IPV6_CANDIDATE_PATTERN, IPV6_GATE_PATTERN } from "./redact-ip.js";
import {
  AUTH_SCHEME_PREFIX_PATTERN,
  SECRET_KEY_HINT_PATTERN,
  WHOLE_TOKEN_PATTERN,
} from "./redact-keyed.js";
import { PEM_HEADER_PATTERN } from "./redact-private-keys.js";
import { JDBC_THIN_PATTERN, URL_USERINFO_PATTERN } from "./redact-url-credentials.js";
import { WORD_TOKEN_RULES } from "./redact-word-tokens.js";
import { TOKEN_RULES, tokenRulePattern } from "./token-rules.js";

/** A regular expression the scrubber runs, or the regex form of a scanned rule. */
export interface NamedPattern {
  id: string;
  pattern: RegExp;
}

/**
 * Every pattern the scrubber uses, for the ReDoS check in the test suite.
 * Provider token rules are scanned by hand (scan-tokens.ts); their regex form
 * is listed so the same guarantee is checked for the shape they describe.
 * Context literals (home, repo names) are escaped literal alternations built
 * per call; tests check a representative one.
 */
export function scrubPatterns(): NamedPattern[] {
  return [
    ...TOKEN_RULES.map((rule) => ({ id: `token:${rule.id}`, pattern: tokenRulePattern(rule) })),
    ...WORD_TOKEN_RULES.map((rule) => ({ id: `word:${rule.id}`, pattern: rule.pattern })),
    { id: "pem-header", pattern: PEM_HEADER_PATTERN },
    { id: "url-userinfo", pattern: URL_USERINFO_PATTERN },
    { id: "jdbc-thin", pattern: JDBC_THIN_PATTERN },
    { id: "auth-scheme", pattern: AUTH_SCHEME_PATTERN },
    { id: "digest-auth", pattern: DIGEST_PATTERN },
    { id: "user-flag", pattern: USER_FLAG_PATTERN },
    { id: "netrc", pattern: NETRC_PATTERN },
    { id: "secret-key-hint", pattern: SECRET_KEY_HINT_PATTERN },
    { id: "auth-scheme-prefix", pattern: AUTH_SCHEME_PREFIX_PATTERN },
    { id: "whole-token", pattern: WHOLE_TOKEN_PATTERN },
    ...HOME_PATH_PATTERNS.map((pattern, i) => ({ id: `home-path-${i}`, pattern })),
    { id: "email-domain", pattern: EMAIL_DOMAIN_PATTERN },
    { id: "card-start", pattern: CARD_START_PATTERN },
    { id: "ipv4", pattern: IPV4_PATTERN },
    { id: "ipv6-candidate", pattern: IPV6_CANDIDATE_PATTERN },
    { id: "ipv6-gate", pattern: IPV6_GATE_PATTERN },
  ];
}
