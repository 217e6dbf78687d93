import { foldName, hasNonAscii, Skeleton } from "./fold-lookalikes.js";
import { html4Named, htmlLetterNames } from "./html-letter-names.js";
import { once } from "./once.js";
import { trimSeparators } from "./path-text.js";
import { parseRepoPath } from "./project-id-hash.js";
import type { RedactionContext } from "./redaction-context.js";
import { redactionToken, TOKEN_PREFIX, wholeTokenEnd } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches, replaceSkeletonMatches } from "./replace-matches.js";

const REPO = redactionToken("REPO");
const USERNAME = redactionToken("USERNAME");

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/**
 * Spellings of one path in crash text: as given, with the other separator,
 * JSON-escaped, and as a file:// URL path; one outside ASCII also as JSON
 * and URLs escape it, in small and capital hex (the paths' pattern minds
 * case). Longest first. String replacements, not regexes: this runs on
 * every crash.
 */
function pathVariants(path: string): string[] {
  const trimmed = trimSeparators(path);
  if (trimmed.length < 2) return [];
  const forward = trimmed.replaceAll("\\", "/");
  const back = trimmed.replaceAll("/", "\\");
  const escaped = back.replaceAll("\\", "\\\\");
  const variants = new Set([trimmed, forward, back, escaped]);
  if (hasNonAscii(trimmed)) {
    for (const spelling of [
      jsonEscaped(forward),
      jsonEscaped(escaped),
      ...percentEncoded(forward, encodeURI),
      ...percentEncoded(forward, encodeURIComponent),
    ]) {
      variants.add(spelling);
      variants.add(otherHexCase(spelling));
    }
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

/**
 * A name's words: the account `alice.smith`, the repository `payroll-secret`,
 * the Windows account `Alice Smith`; a name with no separator, by its
 * capitals (`AliceSmith`, `payrollSecret`; a run of capitals such as `IBM`
 * is one word). A name with separators keeps the capitals inside its words
 * (`Ronald.McDonald` is two words).
 */
function nameWords(name: string): string[] {
  const words = name.split(SEPARATORS).filter((word) => word.length > 0);
  if (words.length !== 1) return words;
  return name
    .split(hasNonAscii(name) ? capitalInAnyScript() : ASCII_CAPITAL)
    .filter((word) => word.length > 0);
}
const SEPARATORS = /[._ -]/g;
const ASCII_CAPITAL = /(?<=[a-z0-9])(?=[A-Z])/;
/** Made on first use: a Unicode property costs V8 a set built as the regex is made, and most names are ASCII. */
const capitalInAnyScript = once(() => /(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u);

/**
 * A name as people write it in other places: a name of words with each of
 * `.`, `_`, `-`, a space or nothing between them (`alice_smith`, `Alice
 * Smith`, `AliceSmith`, `payroll secret`: the pattern ignores case).
 * Longest first.
 */
function nameSpellings(name: string): string[] {
  const words = nameWords(name);
  if (words.length < 2) return [name];
  const spellings = new Set([name, ...[".", "_", "-", " ", ""].map((glue) => words.join(glue))]);
  return [...spellings].sort((a, b) => b.length - a.length);
}

/** `name` as `text` writes it, in any case (a URL's repository name); `name` itself where it cannot tell. */
function writtenIn(text: string, name: string): string {
  const lower = text.toLowerCase();
  const at = lower.length === text.length ? lower.lastIndexOf(name.toLowerCase()) : -1;
  return at === -1 ? name : text.slice(at, at + name.length);
}

/**
 * The words of each name that code can glue in camel case (gluedPattern):
 * names of two words or more. One word is not looked for glued: `Payroll`
 * in `PayrollError` is as likely a word of the code's own.
 */
function gluedNames(names: readonly string[]): string[][] {
  const byKey = new Map<string, string[]>();
  for (const name of names) {
    const words = nameWords(name);
    // A word's letters after its first match in either case: a spelling
    // that differs only so is the same pattern.
    if (words.length >= 2) byKey.set(words.join(" ").toLowerCase(), words);
  }
  return [...byKey.values()];
}

/** `text` with each character outside printable ASCII as JSON's `\uXXXX`. */
function jsonEscaped(text: string): string {
  return text.replace(
    /[^ -~]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` with each character outside printable ASCII as an HTML character reference (`&#252;`, `&#xfc;`). */
function htmlEscaped(text: string, radix: 10 | 16): string {
  let out = "";
  for (const character of text) {
    const point = character.codePointAt(0) as number;
    out +=
      point >= 0x20 && point < 0x7f
        ? character
        : `&#${radix === 16 ? "x" : ""}${point.toString(radix)};`;
  }
  return out;
}

/**
 * `text` with its letters as HTML's named references (`m&uuml;ller`): each
 * letter HTML names, or only those HTML 4.01 named, the others left as
 * they are; once for each way to pick among the names of the letters that
 * have two (Å, ı), as an encoder writes one letter one way. None where no
 * letter is named.
 */
function htmlNamed(text: string, html4: boolean): string[] {
  const letters = [...text.normalize("NFC")];
  const namesOf = (letter: string) => (html4 && !html4Named(letter) ? [] : htmlLetterNames(letter));
  if (!letters.some((letter) => namesOf(letter).length > 0)) return [];
  const twoNames = [...new Set(letters.filter((letter) => namesOf(letter).length > 1))];
  const forms: string[] = [];
  for (let pick = 0; pick < 2 ** twoNames.length; pick += 1) {
    let out = "";
    for (const letter of letters) {
      const names = namesOf(letter);
      const second = names.length > 1 && (pick >> twoNames.indexOf(letter)) % 2 === 1;
      const name = names[second ? 1 : 0];
      out += name === undefined ? letter : `&${name};`;
    }
    forms.push(out);
  }
  return forms;
}

/** `encode(text)`; nothing where a lone surrogate, which no URL can hold, makes it throw. */
function percentEncoded(text: string, encode: (text: string) => string): string[] {
  try {
    return [encode(text)];
  } catch {
    return [];
  }
}

/** The escapes' hex in the other case: `\u00fc` as `\u00FC`, `%C3%BC` as `%c3%bc`. */
function otherHexCase(text: string): string {
  return text.replace(/\\u[0-9a-f]{4}|%[0-9A-F]{2}/g, (found) =>
    found.startsWith("%") ? found.toLowerCase() : `\\u${found.slice(2).toUpperCase()}`,
  );
}

/**
 * An account name outside ASCII as JSON, URLs and HTML escape it
 * (`m\u00fcller`, `m%C3%BCller`, `J%C3%B6rg+M%C3%BCller` from a form,
 * `m&#252;ller`, `m&#xfc;ller`, `m&uuml;ller`): in its spellings, as
 * written, in capitals and with its words capitalized (an escape spells a
 * capital with other hex), composed and decomposed (`u` and a combining
 * mark). The names' pattern ignores case, so one spelling of the hex, or
 * of a named reference, serves both. Each holds `\u`, `%`, `&#` or a named
 * reference (escapedNameLiterals). An ASCII name has only its separators
 * written as references, as an encoder of every character HTML names
 * writes them (`alice&period;smith`), and so does a name HTML's letters
 * spell.
 */
function escapedNames(account: string): string[] {
  const nonAscii = hasNonAscii(account);
  const forms = new Set<string>();
  const named = new Map<string, string>();
  const addNamed = (form: string | undefined) => {
    // HTML 4.01's leaves letters as they are, which the names' pattern
    // meets in the text's skeleton.
    if (form !== undefined) named.set(form.toLowerCase(), foldName(form));
  };
  const composedForms = nonAscii ? [account.normalize("NFC"), account.normalize("NFD")] : [account];
  for (const composed of composedForms) {
    const title = nameWords(composed).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
    for (const cased of [composed, composed.toUpperCase(), title.join(".")]) {
      for (const spelling of nameSpellings(cased)) {
        if (!nonAscii) {
          addNamed(htmlSeparators(spelling));
          continue;
        }
        forms.add(jsonEscaped(spelling));
        forms.add(htmlEscaped(spelling, 10));
        forms.add(htmlEscaped(spelling, 16));
        for (const encoded of percentEncoded(spelling, encodeURIComponent)) {
          forms.add(encoded);
          forms.add(encoded.replaceAll("%20", "+"));
        }
        for (const form of htmlNamed(spelling, false)) {
          addNamed(form);
          addNamed(htmlSeparators(form));
        }
        for (const form of htmlNamed(spelling, true)) addNamed(form);
      }
    }
  }
  return [...forms, ...named.values()];
}

/**
 * The separators `.`, `_` and `-` as the `entities` package's `encodeHTML`
 * writes them (`alice&period;smith`, `&lowbar;`, `&#45;`); undefined where
 * `text` has none.
 */
function htmlSeparators(text: string): string | undefined {
  const encoded = text.replace(/[._-]/g, (separator) =>
    separator === "." ? "&period;" : separator === "_" ? "&lowbar;" : "&#45;",
  );
  return encoded === text ? undefined : encoded;
}

/** What an escaped name holds, one of them at least: `\u`, `%`, `&#`, or its named references. */
function escapedNameLiterals(escapes: readonly string[]): string[] {
  const literals = new Set<string>();
  for (const escaped of escapes) {
    for (const literal of ["\\u", "%", "&#"]) if (escaped.includes(literal)) literals.add(literal);
    for (const reference of escaped.match(/&[A-Za-z]+;/g) ?? []) literals.add(reference);
  }
  return [...literals];
}

/**
 * A name's skeletons as written and in capitals, the first as written: a
 * capital can look like another Latin letter than its small letter does
 * (Greek `Ν` is N where `ν` is v), so `ΝΙΚΟΣ` is found for the account
 * `νικος` as `NINA` is for `nina`.
 */
function foldedForms(name: string): string[] {
  const asWritten = foldName(name);
  const capitals = foldName(name.toUpperCase());
  return capitals.toLowerCase() === asWritten.toLowerCase() ? [asWritten] : [asWritten, capitals];
}

/** Distinct literals, longest first, as the alternations need them. */
function longestFirst(literals: readonly string[]): string[] {
  return [...new Set(literals)].sort((a, b) => b.length - a.length);
}

/**
 * A path's spellings as one alternation, compiled per context. Literals
 * cannot backtrack; the lookahead stops "/home/al" from matching inside
 * "/home/alice".
 */
export function literalPattern(literals: readonly string[]): RegExp | undefined {
  const parts = literals.filter((l) => l.length > 0).map(escapeLiteral);
  if (parts.length === 0) return undefined;
  return new RegExp(`(?:${parts.join("|")})(?![A-Za-z0-9_-])`, "g");
}

/**
 * Repository and account names: any case, and found when glued to other
 * text by a separator (`cfg.crash-triage-vault`, `crash-triage-vault_init`,
 * `deploy-alice.smith`): only a letter or digit next to the name makes it
 * part of a longer word, unless it ends an escape before the name (`%2F`
 * in `%2Fhome%2Falice.smith`, `\n` in JSON's `"x\nalice.smith"`, a quote
 * mark as `\u201c`).
 */
export function separatedPattern(literals: readonly string[]): RegExp | undefined {
  const parts = literals.filter((l) => l.length > 0).map(escapeLiteral);
  if (parts.length === 0) return undefined;
  return new RegExp(
    `(?<!(?<!%[0-9A-Fa-f]|\\\\|\\\\u[0-9A-Fa-f]{3})[A-Za-z0-9])(?:${parts.join("|")})(?![A-Za-z0-9])`,
    "gi",
  );
}

/** A literal for a regex with the `u` flag, which refuses escapes of characters that need none (`\\-`). */
function escapeUnicodeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** One letter of a glued name after a word's first: in either case (`McDonald`, `MCDONALD`, `Mcdonald`). */
function anyCase(letter: string): string {
  // Greek sigma has two small letters: `ς` ends a word, `σ` stands elsewhere.
  if (SIGMA.includes(letter)) return `[${SIGMA}]`;
  const forms = new Set(
    [letter, letter.toLowerCase(), letter.toUpperCase()].filter(
      (form) => form.length === letter.length,
    ),
  );
  if (forms.size === 1) return escapeUnicodeLiteral(letter);
  return `[${[...forms].join("")}]`;
}
const SIGMA = "\u03a3\u03c3\u03c2";
const capital = (letter: string) => escapeUnicodeLiteral(letter.toUpperCase());
const small = (letter: string) => escapeUnicodeLiteral(letter.toLowerCase());

/**
 * Names of two words or more glued to other words in camel case, in any
 * script. Only a capital says where a glued word starts: a name starts
 * with a capital after anything (`fetchPayrollSecret`, `HTTPAliceSmith`,
 * `fetchALICESMITH`, `getAlice_smith`) but not inside a run of capitals
 * (`MALICESMITH`), or with a small letter where a word starts (the text's
 * start, or after a character that is no ASCII letter or digit, as the
 * separated names do: `aliceSmithConfig`, `alice_smithError`). Each later
 * word follows a separator (`_`, `.`, `-`) and starts in either case, or
 * starts with a capital, with or without one (`MaryJane_watson`,
 * `ALICE_SMITHError`). A word's other letters may be in either case
 * (`JohnMcDonald` for `john.mcdonald`). The name ends where no small
 * letter follows (`AliceSmithError`, `AliceSmith2`, but not
 * `AliceSmithson`), and a name that ends in a capital, where no capital
 * follows that is not a word's start (`ALICESMITHError`, but not
 * `ALICESMITHSON`). A name next to a name found so may be found only once
 * that one is a token: redactString scrubs such text again.
 */
export function gluedPattern(names: readonly (readonly string[])[]): RegExp | undefined {
  const kept = names
    .filter((words) => words.length >= 2)
    .sort((a, b) => b.join("").length - a.join("").length);
  if (kept.length === 0) return undefined;
  const letters = (word: string) => [...word];
  const rest = (word: string) => letters(word).slice(1).map(anyCase).join("");
  const later = (word: string) => {
    const head = letters(word)[0] ?? "";
    const [up, down] = [capital(head), small(head)];
    return `${up === down ? `[_.-]?${up}` : `(?:[_.-]?${up}|[_.-]${down})`}${rest(word)}`;
  };
  const shape = (words: readonly string[], first: (letter: string) => string) =>
    first(letters(words[0] as string)[0] ?? "") +
    rest(words[0] as string) +
    words.slice(1).map(later).join("");
  const capitalized = kept.map((words) => shape(words, capital));
  const smallFirst = kept
    .filter((words) => {
      const head = letters(words[0] as string)[0] ?? "";
      return capital(head) !== small(head);
    })
    .map((words) => shape(words, small));
  const starts = [
    `(?!(?<=\\p{Lu})\\p{Lu}\\p{Lu})(?:${capitalized.join("|")})`,
    ...(smallFirst.length === 0 ? [] : [`(?<![A-Za-z0-9])(?:${smallFirst.join("|")})`]),
  ];
  return new RegExp(`(?:${starts.join("|")})(?!\\p{Ll})(?!(?<=\\p{Lu})\\p{Lu}(?!\\p{Ll}))`, "gu");
}

/** A literal every match of these names holds: each name's longest word, which the pattern needs whole. */
const longestWords = (names: readonly (readonly string[])[]): string[] =>
  names.map((words) =>
    words.reduce((longest, word) => (word.length > longest.length ? word : longest), ""),
  );

/**
 * One part of the context: its literals and the pattern that finds them.
 * Every match holds one of the literals (in any letter case when `folded`),
 * so a text that holds none is left alone, and the pattern is compiled on
 * the first text that holds one: a crash's names seldom do, and compiling
 * a pattern costs more than the crash's whole scrub of them.
 *
 * A `folded` part (the account's and the repositories' names) is looked
 * for in the text's skeleton (fold-lookalikes.ts), and its literals are
 * skeletons too: a name typed with a Unicode dash or space, fullwidth,
 * accented or look-alike letters, or an invisible character inside, is
 * found. Paths are matched as they are.
 */
interface ContextPart {
  /**
   * The literals, upper-cased when `folded`: a regex's i flag (without u)
   * matches characters whose upper case is one character and the same, so
   * upper-casing both sides never loses a match (lower-casing would: the
   * final sigma).
   */
  literals: readonly string[];
  folded: boolean;
  pattern: () => RegExp | undefined;
}

function part(
  literals: readonly string[],
  folded: boolean,
  build: () => RegExp | undefined,
): ContextPart | undefined {
  const kept = literals.filter((literal) => literal.length > 0);
  if (kept.length === 0) return undefined;
  return {
    // Upper-cased, the spellings of one name in several cases are one literal to look for.
    literals: folded ? [...new Set(kept.map((literal) => literal.toUpperCase()))] : kept,
    folded,
    pattern: once(build),
  };
}

/**
 * The part's pattern when `haystack` (the text, upper-cased for a folded
 * part) holds one of its literals, else undefined.
 */
function patternFor(found: ContextPart, haystack: string): RegExp | undefined {
  return found.literals.some((literal) => haystack.includes(literal)) ? found.pattern() : undefined;
}

/** One context's parts; cached so trees of strings prepare it once. */
export interface CompiledContext {
  repoRoot?: ContextPart;
  home?: ContextPart;
  username?: ContextPart;
  repos?: ContextPart;
  /** The account's name as JSON, URLs and HTML escape it (escapedNames). */
  usernameEscaped?: ContextPart;
  /** The same names glued in camel case (gluedPattern). */
  usernameGlued?: ContextPart;
  reposGlued?: ContextPart;
}

const cache = new WeakMap<RedactionContext, CompiledContext>();

/**
 * Account names that name no one: Unix's own, CI runners', and the defaults
 * of cloud images and dev containers (AWS `ec2-user`, Azure `azureuser`,
 * Ubuntu images, Vagrant boxes, GitHub Codespaces, Gitpod, VS Code dev
 * containers).
 */
const GENERIC_ACCOUNTS = new Set([
  "root",
  "node",
  "user",
  "admin",
  "runner",
  "home",
  "ubuntu",
  "ec2-user",
  "azureuser",
  "vagrant",
  "www-data",
  "codespace",
  "gitpod",
  "vscode",
]);

/**
 * A repository's name is looked for glued in camel case only from this many
 * characters: a short two-word name is as likely words of the code's own
 * (`loadDataStore` under `acme/data-store`, `createWebApp` under
 * `acme/web-app`), and a frame so named would be `redacted`, its crashes
 * grouped with others.
 */
const MIN_GLUED_REPO_NAME = 10;
const gluedLongEnough = (repoName: string): boolean =>
  repoName.replace(SEPARATORS, "").length >= MIN_GLUED_REPO_NAME;

export function compileContext(context: RedactionContext): CompiledContext {
  const cached = cache.get(context);
  if (cached !== undefined) return cached;
  const compiled: CompiledContext = {};
  if (typeof context.repoRoot === "string") {
    const variants = pathVariants(context.repoRoot);
    const repoRoot = part(variants, false, () => literalPattern(variants));
    if (repoRoot !== undefined) compiled.repoRoot = repoRoot;
  }
  if (typeof context.home === "string") {
    const variants = pathVariants(context.home);
    const home = part(variants, false, () => literalPattern(variants));
    if (home !== undefined) compiled.home = home;
    const trimmed = trimSeparators(context.home);
    const account = trimmed.slice(
      Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\")) + 1,
    );
    const forms = foldedForms(account);
    const name = forms[0] as string;
    // Short or generic account names ("app", "root", "node", the default
    // accounts of cloud and container images) are words too.
    if (name.length >= 4 && !GENERIC_ACCOUNTS.has(name.toLowerCase())) {
      const names = longestFirst(forms.flatMap(nameSpellings));
      const username = part(names, true, () => separatedPattern(names));
      if (username !== undefined) compiled.username = username;
      // Looked for only in text that holds an escape: there are dozens.
      const escapes = longestFirst(escapedNames(account));
      if (escapes.length > 0) {
        const usernameEscaped = part(escapedNameLiterals(escapes), true, () =>
          separatedPattern(escapes),
        );
        if (usernameEscaped !== undefined) compiled.usernameEscaped = usernameEscaped;
      }
      const glued = gluedNames(forms);
      const usernameGlued = part(longestWords(glued), true, () => gluedPattern(glued));
      if (usernameGlued !== undefined) compiled.usernameGlued = usernameGlued;
    }
  }
  const repoLiterals: string[] = [];
  const repoGlued: string[] = [];
  for (const entry of Array.isArray(context.repoNames) ? context.repoNames : []) {
    if (typeof entry !== "string") continue;
    const bare = foldedForms(entry.trim());
    // A bare name given on purpose ("tool") is redacted as given, if not
    // trivially short, and in its other spellings, as an account name is.
    if (/^[A-Za-z0-9._-]{3,100}$/.test(bare[0] as string)) {
      repoLiterals.push(...bare.flatMap(nameSpellings));
      if (gluedLongEnough(bare[0] as string)) repoGlued.push(...bare);
      continue;
    }
    const parsed = parseRepoPath(entry);
    if (parsed === undefined) continue;
    for (const path of foldedForms(parsed)) {
      repoLiterals.push(path);
      const name = path.split("/").pop() ?? "";
      // A bare repository name is redacted when it is distinctive enough not to be a common word.
      if (name.length >= 5) repoLiterals.push(...nameSpellings(name));
    }
    // Glued, from the name as the entry writes it: the parsed path is in small
    // letters, and a name's own capitals (`payrollSecret`) say where its words start.
    const name = parsed.slice(parsed.lastIndexOf("/") + 1);
    if (gluedLongEnough(name)) repoGlued.push(foldName(writtenIn(entry, name)));
  }
  const unique = longestFirst(repoLiterals);
  const repos = part(unique, true, () => separatedPattern(unique));
  if (repos !== undefined) compiled.repos = repos;
  const gluedRepos = gluedNames(repoGlued);
  const reposGlued = part(longestWords(gluedRepos), true, () => gluedPattern(gluedRepos));
  if (reposGlued !== undefined) compiled.reposGlued = reposGlued;
  cache.set(context, compiled);
  return compiled;
}

/**
 * The paths only the caller knows: the repository root becomes `.` (paths
 * become repo-relative), the home directory `~`. Runs before every other
 * stage, so that they meet paths as the user's project sees them.
 */
export function redactContextPaths(
  text: string,
  context: RedactionContext,
  counter: RedactionCounter,
): string {
  const compiled = compileContext(context);
  let out = text;
  const replacePath = (found: ContextPart | undefined, replacement: string): void => {
    const pattern = found === undefined ? undefined : patternFor(found, out);
    if (pattern !== undefined) out = replaceMatches(out, pattern, () => replacement, counter);
  };
  replacePath(compiled.repoRoot, ".");
  replacePath(compiled.home, "~");
  return out;
}

/**
 * The names only the caller knows, the project's repositories' and the
 * account's, become their tokens. Runs after every other stage: a name that
 * is also a word a rule keys on (an account `jenkins` in `curl -u
 * jenkins:pw`, `mysql` before `-ppw`, a repository `password` before `=`)
 * would otherwise hide the secret from it. A name inside a token an earlier
 * stage made (a repository `sentry` in `[REDACTED:SENTRY_TOKEN]`) stays.
 */
export function redactContextNames(
  text: string,
  context: RedactionContext,
  counter: RedactionCounter,
): string {
  const compiled = compileContext(context);
  if (compiled.repos === undefined && compiled.username === undefined) return text;
  let out = text;
  // One skeleton, upper-cased once, serves every pass while the text stays
  // the same. A text that folds to itself still does after its names become
  // tokens (ASCII): it is not looked at again. A pass only turns names into
  // tokens, and tokens are skipped, so a literal the last skeleton did not
  // hold is in no later text: that part is passed over without a new skeleton.
  let skeleton: Skeleton | undefined;
  let upper = "";
  const replaceName = (found: ContextPart | undefined, replacement: string): void => {
    if (found === undefined) return;
    if (skeleton !== undefined && patternFor(found, upper) === undefined) return;
    if (skeleton?.original !== out) {
      skeleton = skeleton?.isItself ? Skeleton.itself(out) : Skeleton.of(out);
      upper = skeleton.text.toUpperCase();
    }
    const pattern = patternFor(found, upper);
    if (pattern === undefined) return;
    const inToken = tokenSpans(out);
    out = skeleton.isItself
      ? replaceMatches(
          out,
          pattern,
          (match) =>
            inToken(match.index, match.index + match[0].length) ? undefined : replacement,
          counter,
        )
      : replaceSkeletonMatches(skeleton, pattern, replacement, counter, inToken);
  };
  replaceName(compiled.repos, REPO);
  replaceName(compiled.username, USERNAME);
  replaceName(compiled.usernameEscaped, USERNAME);
  replaceName(compiled.reposGlued, REPO);
  replaceName(compiled.usernameGlued, USERNAME);
  return out;
}

/**
 * Whether a span overlaps a redaction token of `text`; the tokens found once,
 * in one pass. Matches come left to right, so the check moves through the
 * tokens as they do: each call skips the tokens that end before its span,
 * and all calls together take time linear in the text (checking every token
 * at each match made a text of many names and tokens quadratic: 1 MiB of
 * `payroll-secret alice.smith ` took 1.2-1.9 s, now 0.1 s).
 */
function tokenSpans(text: string): (start: number, end: number) => boolean {
  const spans: number[] = [];
  for (let at = text.indexOf(TOKEN_PREFIX); at !== -1; at = text.indexOf(TOKEN_PREFIX, at + 1)) {
    const end = wholeTokenEnd(text, at);
    if (end !== -1) spans.push(at, end);
  }
  if (spans.length === 0) return () => false;
  let next = 0;
  return (start, end) => {
    // A span before the last one asked about: look from the first token again.
    if (next > 0 && start < (spans[next - 1] as number)) next = 0;
    while (next < spans.length && (spans[next + 1] as number) <= start) next += 2;
    return next < spans.length && (spans[next] as number) < end;
  };
}
