import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/** A user name as it appears in a path segment: no separator, quote or blank. */
const NAME = "[^\\\\/\\s:*?\"'<>|`]{1,64}";
/** Windows profile names may hold spaces ("C:\\Users\\Ada Lovelace\\"). */
const WINDOWS_NAME = `${NAME}(?: ${NAME}){0,3}(?=[\\\\/])|${NAME}`;

/** A path root, not a segment of a URL path such as `example.com/home/page`. */
const NOT_AFTER_WORD = "(?<![A-Za-z0-9_.~-])";

/**
 * Home directories that name a person, rewritten to `~` with the rest of the
 * path kept (file names matter for diagnosis; the user name does not):
 * - Linux `/home/<name>` (also `/var/home`, `/export/home`), macOS `/Users/<name>`
 * - Windows `C:\\Users\\<name>` with `\\`, `/` or JSON-escaped `\\\\` separators
 * - Git Bash `/c/Users/<name>`, WSL `/mnt/c/Users/<name>`
 * - WSL from Windows `\\\\wsl$\\<distro>\\home\\<name>`, `\\\\wsl.localhost\\...`
 * - UNC home shares `\\\\<server>\\home[s]|users\\<name>`
 * Every quantifier is bounded; each alternative starts with a fixed literal.
 */
export const HOME_PATH_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\\\{1,2}wsl(?:\\$|\\.localhost)\\\\{1,2}[^\\\\/\\s]{1,64}\\\\{1,2}home\\\\{1,2}${NAME}`,
    "gi",
  ),
  new RegExp(`\\\\{2,4}[A-Za-z0-9._-]{1,64}\\\\{1,2}(?:home|homes|users)\\\\{1,2}${NAME}`, "gi"),
  new RegExp(
    `(?<![A-Za-z0-9_])[A-Za-z]:(?:\\\\{1,2}|/)Users(?:\\\\{1,2}|/)(?:${WINDOWS_NAME})`,
    "g",
  ),
  new RegExp(`${NOT_AFTER_WORD}(?:/mnt)?/[a-z]/Users/(?:${WINDOWS_NAME})`, "g"),
  new RegExp(`${NOT_AFTER_WORD}(?:/var|/export)?/home/${NAME}`, "g"),
  new RegExp(`${NOT_AFTER_WORD}/Users/${NAME}`, "g"),
];

export function redactHomePaths(text: string, counter: RedactionCounter): string {
  if (!text.includes("home") && !text.includes("Users") && !text.includes("users")) return text;
  let out = text;
  for (const pattern of HOME_PATH_PATTERNS) {
    out = replaceMatches(out, pattern, () => "~", counter);
  }
  return out;
}
