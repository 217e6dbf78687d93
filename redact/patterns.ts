import { COOKIE_ESCAPE_PATTERN } from "./cookie-values.js";
import { combiningMarks, letterOrMark, marksAt, NON_ASCII } from "./fold-lookalikes.js";
import { HINT_AT } from "./key-hints.js";
import {
  AUTH_SCHEME_PREFIX_PATTERN,
  XML_PAIR_PATTERN,
  XML_PAIR_VALUE_PATTERN,
} from "./keyed-value.js";
import { WORD_PATTERN } from "./line-words.js";
import { looksRandomPatterns } from "./looks-random.js";
import {
  AUTH_SCHEME_PATTERN,
  DIGEST_PARAM_PATTERN,
  DIGEST_PATTERN,
} from "./redact-auth-schemes.js";
import { CARD_START_PATTERN } from "./redact-card-numbers.js";
import { NETRC_PATTERN, USER_FLAG_PATTERN } from "./redact-cli-credentials.js";
import { EMAIL_DOMAIN_PATTERN, IMAGE_DENSITY_PATTERN } from "./redact-email.js";
import { FREE_TEXT_PATTERN } from "./redact-free-text.js";
import { HOME_PATH_PATTERNS, WINDOWS_FOLDER_PATTERN } from "./redact-home-paths.js";
import { IBAN_PATTERN } from "./redact-iban.js";
import {
  IPV4_FINDER_PATTERN,
  IPV4_PATTERN,
  IPV6_CANDIDATE_PATTERN,
  IPV6_FINDER_PATTERN,
  NUMBERING_BEFORE_PATTERN,
} from "./redact-ip.js";
import {
  MAC_COLON_PATTERN,
  MAC_DASH_PATTERN,
  MAC_DOTTED_PATTERN,
  MAC_FINDER_PATTERN,
} from "./redact-mac-addresses.js";
import { nationalIdFinders, nationalIdRules } from "./redact-national-ids.js";
import { PEM_HEADER_PATTERN } from "./redact-private-keys.js";
import {
  IMAP_LOGIN_PATTERN,
  PASS_COMMAND_PATTERN,
  REDIS_ARGS_PATTERN,
  REDIS_AUTH_PATTERN,
  SMTP_AUTH_PATTERN,
} from "./redact-protocol-commands.js";
import { TOOL_AT } from "./redact-tool-passwords.js";
import {
  JDBC_THIN_PATTERN,
  SCHEMELESS_USERINFO_PATTERN,
  URL_USERINFO_PATTERN,
} from "./redact-url-credentials.js";
import { USERNAME_PATTERN } from "./redact-usernames.js";
import { WHOLE_TOKEN_PATTERN } from "./redaction-token.js";
import { TOKEN_RULES, tokenRulePattern } from "./token-rules.js";
import { valueShapePatterns } from "./value-shape.js";
import { BLOCK_SCALAR } from "./value-span.js";
import { WORD_TOKEN_RULES } from "./word-token-rules.js";

/** A regular expression the scrubber runs, or the regex form of a scanned rule. */
export interface NamedPattern {
  id: string;
  pattern: RegExp;
}

const list = (id: string, patterns: readonly RegExp[]): NamedPattern[] =>
  patterns.map((pattern, i) => ({ id: `${id}-${i}`, pattern }));

/**
 * Every pattern the scrubber runs on text it is given, for the ReDoS check
 * in the test suite. Provider token rules are scanned by hand
 * (scan-tokens.ts); their regex form is listed so the same guarantee is
 * checked for the shape they describe. The scan also finds the other
 * stages' anchors, which their patterns then try at one position. Context literals (home, repo names)
 * are escaped literal alternations built per call; tests check a
 * representative one.
 */
export function scrubPatterns(): NamedPattern[] {
  return [
    ...TOKEN_RULES.map((rule) => ({ id: `token:${rule.id}`, pattern: tokenRulePattern(rule) })),
    ...WORD_TOKEN_RULES.map((rule) => ({ id: `word:${rule.id}`, pattern: rule.pattern })),
    ...WORD_TOKEN_RULES.map((rule) => ({
      id: `word-anchor:${rule.id}`,
      pattern: new RegExp(rule.anchor.source, "y"),
    })),
    ...nationalIdRules().map((rule) => ({ id: `id:${rule.id}`, pattern: rule.pattern })),
    ...list("id-finder", nationalIdFinders()),
    { id: "pem-header", pattern: PEM_HEADER_PATTERN },
    { id: "url-userinfo", pattern: URL_USERINFO_PATTERN },
    { id: "jdbc-thin", pattern: JDBC_THIN_PATTERN },
    { id: "schemeless-userinfo", pattern: SCHEMELESS_USERINFO_PATTERN },
    { id: "auth-scheme", pattern: AUTH_SCHEME_PATTERN },
    { id: "digest-auth", pattern: DIGEST_PATTERN },
    { id: "digest-param", pattern: DIGEST_PARAM_PATTERN },
    { id: "user-flag", pattern: USER_FLAG_PATTERN },
    { id: "netrc", pattern: NETRC_PATTERN },
    { id: "tool", pattern: TOOL_AT },
    { id: "tool-word", pattern: WORD_PATTERN },
    { id: "smtp-auth", pattern: SMTP_AUTH_PATTERN },
    { id: "pass-command", pattern: PASS_COMMAND_PATTERN },
    { id: "imap-login", pattern: IMAP_LOGIN_PATTERN },
    { id: "redis-auth", pattern: REDIS_AUTH_PATTERN },
    { id: "redis-args", pattern: REDIS_ARGS_PATTERN },
    { id: "secret-key-hint", pattern: HINT_AT },
    { id: "auth-scheme-prefix", pattern: AUTH_SCHEME_PREFIX_PATTERN },
    { id: "whole-token", pattern: WHOLE_TOKEN_PATTERN },
    { id: "xml-pair", pattern: XML_PAIR_PATTERN },
    { id: "xml-pair-value", pattern: XML_PAIR_VALUE_PATTERN },
    { id: "yaml-block-scalar", pattern: BLOCK_SCALAR },
    { id: "cookie-escape", pattern: COOKIE_ESCAPE_PATTERN },
    { id: "free-text", pattern: FREE_TEXT_PATTERN },
    ...list("value-shape", valueShapePatterns()),
    ...list("looks-random", looksRandomPatterns()),
    ...list("home-path", HOME_PATH_PATTERNS),
    { id: "windows-folder", pattern: WINDOWS_FOLDER_PATTERN },
    { id: "username", pattern: USERNAME_PATTERN },
    { id: "email-domain", pattern: EMAIL_DOMAIN_PATTERN },
    { id: "image-density", pattern: IMAGE_DENSITY_PATTERN },
    { id: "iban", pattern: IBAN_PATTERN },
    { id: "card-start", pattern: CARD_START_PATTERN },
    { id: "mac-colon", pattern: MAC_COLON_PATTERN },
    { id: "mac-dash", pattern: MAC_DASH_PATTERN },
    { id: "mac-dotted", pattern: MAC_DOTTED_PATTERN },
    { id: "mac-finder", pattern: MAC_FINDER_PATTERN },
    { id: "ipv4", pattern: IPV4_PATTERN },
    { id: "ipv4-finder", pattern: IPV4_FINDER_PATTERN },
    { id: "ipv4-numbering", pattern: NUMBERING_BEFORE_PATTERN },
    { id: "ipv6-candidate", pattern: IPV6_CANDIDATE_PATTERN },
    { id: "ipv6-finder", pattern: IPV6_FINDER_PATTERN },
    { id: "non-ascii", pattern: NON_ASCII },
    { id: "combining-marks", pattern: combiningMarks() },
    { id: "marks-at", pattern: marksAt() },
    { id: "letter-or-mark", pattern: letterOrMark() },
  ];
}
