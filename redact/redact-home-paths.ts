import { charClass, inClass, passesGate, type StageGate } from "./char-class.js";
import { escapedLetterLength } from "./escaped-letter.js";
import { TOKEN_PREFIX } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches, SpanWriter } from "./replace-matches.js";

/**
 * A user name as it appears in a path segment: no separator, quote or
 * blank, up to a replacement token (a name an earlier scrub redacted, or
 * text glued to the name), and not the `~` an earlier scrub wrote.
 */
const NAME = "(?!~)(?:(?!\\[REDACTED:)[^\\\\/\\s:*?\"'<>|`]){1,64}";
/** Windows profile names may hold spaces ("C:\\Users\\Ada Lovelace\\"). */
const WINDOWS_NAME = `${NAME}(?: ${NAME}){0,3}(?=[\\\\/])|${NAME}`;

/**
 * Home directories that name a person, rewritten to `~` with the rest of the
 * path kept (file names matter for diagnosis; the user name does not):
 * - Linux `/home/<name>` (also `/var/home`, `/export/home`), macOS `/Users/<name>`
 * - Windows `C:\\Users\\<name>` in any letter case, with `\\`, `/` or JSON-escaped
 *   `\\\\` separators, a URL-encoded drive colon (`c%3A`), and the old
 *   `Documents and Settings`
 * - Git Bash `/c/Users/<name>`, WSL `/mnt/c/Users/<name>`
 * - WSL from Windows `\\\\wsl$\\<distro>\\home\\<name>`, `\\\\wsl.localhost\\...`
 * - UNC home shares `\\\\<server>\\home[s]|users\\<name>`
 * The first three are regexes (every quantifier bounded, each starts with a
 * fixed literal, run only when their literal is present); the Unix forms are
 * found by `redactUnixHomes`. A match must start a path: `example.com/home/page`
 * is a URL path, not a home directory.
 */
export const HOME_PATH_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\\\{1,2}wsl(?:\\$|\\.localhost)\\\\{1,2}[^\\\\/\\s]{1,64}\\\\{1,2}home\\\\{1,2}${NAME}`,
    "gi",
  ),
  new RegExp(`\\\\{2,4}[A-Za-z0-9._-]{1,64}\\\\{1,2}(?:home|homes|users)\\\\{1,2}${NAME}`, "gi"),
  new RegExp(
    `[A-Za-z](?::|%3A)(?:\\\\{1,2}|/)(?:Users|Documents and Settings)(?:\\\\{1,2}|/)(?:${WINDOWS_NAME})`,
    "gi",
  ),
];

/** Characters that cannot be part of a user name in a path. */
const NOT_NAME = charClass(" \t\r\n\\\\/:*?\"'<>|`");
const WORD_BEFORE = charClass("A-Za-z0-9_.~-");
/** A drive letter starts a word. */
const DRIVE_BEFORE = charClass("A-Za-z0-9_");
/**
 * Where the drive form may start: its drive colon (or `%3A`) and profile
 * folder. It starts with a literal, which the engine skips to quickly, where
 * the drive form's leading letter class would be tried at every letter.
 */
export const WINDOWS_FOLDER_PATTERN =
  /(?::|%3A)(?:\\{1,2}|\/)(?:Users|Documents and Settings)(?:\\{1,2}|\/)/gi;

/** The drive form, tried one character before each WINDOWS_FOLDER_PATTERN hit. */
const DRIVE_FORM = new RegExp((HOME_PATH_PATTERNS[2] as RegExp).source, "iy");

function redactWindowsProfiles(text: string, counter: RedactionCounter): string {
  const writer = new SpanWriter(text, counter);
  WINDOWS_FOLDER_PATTERN.lastIndex = 0;
  for (
    let m = WINDOWS_FOLDER_PATTERN.exec(text);
    m !== null;
    m = WINDOWS_FOLDER_PATTERN.exec(text)
  ) {
    const start = m.index - 1;
    if (start < 0 || inClass(DRIVE_BEFORE, text.charCodeAt(start - 1))) continue;
    DRIVE_FORM.lastIndex = start;
    if (!DRIVE_FORM.test(text)) continue;
    writer.add(start, DRIVE_FORM.lastIndex, "~");
    WINDOWS_FOLDER_PATTERN.lastIndex = DRIVE_FORM.lastIndex;
  }
  WINDOWS_FOLDER_PATTERN.lastIndex = 0;
  return writer.finish();
}

/**
 * End of the user name starting at `start` (at most 64 characters), or -1
 * for none: none where a replacement token starts it, and it ends where one
 * does (`/home/m[REDACTED:EMAIL]`). A Windows-style name may hold spaces; a
 * Unix one JSON's `\u` escapes (`/home/m\u00fcller`), since a backslash
 * separates nothing there.
 */
function nameEnd(text: string, start: number, allowSpaces: boolean): number {
  // `~` is the home an earlier scrub wrote (`/home//home/bob` gives `/home/~`), not a name.
  if (text.charCodeAt(start) === 0x7e) return -1;
  let end = start;
  // 64 characters, an escape counting as the one it spells.
  for (let characters = 0; end < text.length && characters < 64; characters += 1) {
    if (text.startsWith(TOKEN_PREFIX, end)) break;
    const escaped = allowSpaces ? 0 : escapedLetterLength(text, end);
    if (escaped > 0) end += escaped;
    else if (!inClass(NOT_NAME, text.charCodeAt(end))) end += 1;
    else break;
  }
  if (end === start) return -1;
  if (!allowSpaces) return end;
  // Windows profile names may hold up to three spaces, if a separator follows.
  let probe = end;
  for (let words = 0; words < 3 && text.charCodeAt(probe) === 0x20; words += 1) {
    let next = probe + 1;
    while (next < text.length && next - probe <= 64 && !inClass(NOT_NAME, text.charCodeAt(next)))
      next += 1;
    if (next === probe + 1) break;
    const after = text.charCodeAt(next);
    if (after === 0x2f || after === 0x5c) return next;
    probe = next;
  }
  return end;
}

/**
 * `/home/<name>` (also under `/var` and `/export`) and `/Users/<name>` (also
 * Git Bash `/c/Users`, WSL `/mnt/c/Users`), found with indexOf: these are in
 * nearly every crash, so they get the fastest search there is.
 */
function redactUnixHomes(text: string, marker: string, counter: RedactionCounter): string {
  const writer = new SpanWriter(text, counter);
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at === -1) break;
    from = at + marker.length;
    let start = at;
    let windowsStyle = false;
    if (marker === "/home/") {
      if (text.startsWith("/var", at - 4)) start = at - 4;
      else if (text.startsWith("/export", at - 7)) start = at - 7;
    } else if (at >= 2 && text.charCodeAt(at - 2) === 0x2f && /[a-z]/.test(text[at - 1] ?? "")) {
      windowsStyle = true;
      start = text.startsWith("/mnt", at - 6) ? at - 6 : at - 2;
    }
    if (inClass(WORD_BEFORE, text.charCodeAt(start - 1)) && !text.endsWith("//localhost", start))
      continue;
    const end = nameEnd(text, from, windowsStyle);
    // macOS's folder for all accounts, not one person's home.
    if (end === -1 || (marker === "/Users/" && text.startsWith("Shared", from) && end - from === 6))
      continue;
    writer.add(start, end, "~");
    from = end;
  }
  return writer.finish();
}

/** Every home path holds a path separator. */
export const HOME_PATH_GATE: StageGate = { chars: "/\\", count: 1 };

export function redactHomePaths(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, HOME_PATH_GATE)) return text;
  let out = text;
  // The UNC and WSL forms start with a backslash, the drive form names its folder.
  if (out.includes("\\")) {
    for (const pattern of HOME_PATH_PATTERNS.slice(0, 2)) {
      out = replaceMatches(out, pattern, () => "~", counter);
    }
  }
  out = redactWindowsProfiles(out, counter);
  out = redactUnixHomes(out, "/Users/", counter);
  return redactUnixHomes(out, "/home/", counter);
}
