import { parseRepoPath } from "./project-id-hash.js";
import type { RedactionContext } from "./redaction-context.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

const REPO = redactionToken("REPO");
const USERNAME = redactionToken("USERNAME");

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/**
 * Spellings of one path in crash text: as given, with the other separator,
 * JSON-escaped, and as a file:// URL path. Longest first.
 */
function pathVariants(path: string): string[] {
  const trimmed = path.replace(/[\\/]+$/, "");
  if (trimmed.length < 2) return [];
  const forward = trimmed.replace(/\\/g, "/");
  const back = trimmed.replace(/\//g, "\\");
  const escaped = back.replace(/\\/g, "\\\\");
  const variants = new Set([trimmed, forward, back, escaped]);
  return [...variants].sort((a, b) => b.length - a.length);
}

/**
 * A literal alternation, compiled per context. Literals cannot backtrack;
 * the lookarounds stop "/home/al" from matching inside "/home/alice".
 */
export function literalPattern(
  literals: readonly string[],
  wholeWord: boolean,
  flags = "g",
): RegExp | undefined {
  const parts = literals.filter((l) => l.length > 0).map(escapeLiteral);
  if (parts.length === 0) return undefined;
  const body = `(?:${parts.join("|")})`;
  const source = wholeWord
    ? `(?<![A-Za-z0-9_.-])${body}(?![A-Za-z0-9_-])`
    : `${body}(?![A-Za-z0-9_-])`;
  return new RegExp(source, flags);
}

/**
 * Repository names: any case, and found when glued to other text by a
 * separator (`cfg.crash-triage-vault`, `crash-triage-vault_init`): only a
 * letter or digit next to the name makes it part of a longer word.
 */
function repoPattern(literals: readonly string[]): RegExp | undefined {
  const parts = literals.filter((l) => l.length > 0).map(escapeLiteral);
  if (parts.length === 0) return undefined;
  return new RegExp(`(?<![A-Za-z0-9])(?:${parts.join("|")})(?![A-Za-z0-9])`, "gi");
}

/** Compiled patterns for one context; cached so trees of strings compile once. */
export interface CompiledContext {
  repoRoot?: RegExp;
  home?: RegExp;
  username?: RegExp;
  repos?: RegExp;
}

const cache = new WeakMap<RedactionContext, CompiledContext>();

export function compileContext(context: RedactionContext): CompiledContext {
  const cached = cache.get(context);
  if (cached !== undefined) return cached;
  const compiled: CompiledContext = {};
  if (typeof context.repoRoot === "string") {
    const pattern = literalPattern(pathVariants(context.repoRoot), false);
    if (pattern !== undefined) compiled.repoRoot = pattern;
  }
  if (typeof context.home === "string") {
    const pattern = literalPattern(pathVariants(context.home), false);
    if (pattern !== undefined) compiled.home = pattern;
    const name =
      context.home
        .replace(/[\\/]+$/, "")
        .split(/[\\/]/)
        .pop() ?? "";
    // Short or generic account names ("app", "root", "node") are words too.
    if (
      name.length >= 4 &&
      !["root", "node", "user", "admin", "runner", "home"].includes(name.toLowerCase())
    ) {
      const username = literalPattern([name], true, "gi");
      if (username !== undefined) compiled.username = username;
    }
  }
  const repoLiterals: string[] = [];
  for (const entry of Array.isArray(context.repoNames) ? context.repoNames : []) {
    if (typeof entry !== "string") continue;
    const bare = entry.trim();
    // A bare name given on purpose ("tool") is redacted as given, if not trivially short.
    if (/^[A-Za-z0-9._-]{3,100}$/.test(bare)) {
      repoLiterals.push(bare);
      continue;
    }
    const path = parseRepoPath(entry);
    if (path === undefined) continue;
    repoLiterals.push(path);
    const name = path.split("/").pop() ?? "";
    // A bare repository name is redacted when it is distinctive enough not to be a common word.
    if (name.length >= 5) repoLiterals.push(name);
  }
  const repos = repoPattern([...new Set(repoLiterals)].sort((a, b) => b.length - a.length));
  if (repos !== undefined) compiled.repos = repos;
  cache.set(context, compiled);
  return compiled;
}

/**
 * Redact what only the caller knows: the repository root becomes `.` (paths
 * become repo-relative), the home directory `~`, the account name and the
 * project's repository names their tokens.
 */
export function redactContext(
  text: string,
  context: RedactionContext,
  counter: RedactionCounter,
): string {
  const compiled = compileContext(context);
  let out = text;
  if (compiled.repoRoot !== undefined)
    out = replaceMatches(out, compiled.repoRoot, () => ".", counter);
  if (compiled.home !== undefined) out = replaceMatches(out, compiled.home, () => "~", counter);
  if (compiled.repos !== undefined) out = replaceMatches(out, compiled.repos, () => REPO, counter);
  if (compiled.username !== undefined)
    out = replaceMatches(out, compiled.username, () => USERNAME, counter);
  return out;
}
