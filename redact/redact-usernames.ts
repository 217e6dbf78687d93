import { charClass, passesGate, type StageGate } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * The account name where the environment or Node states it: `USER=`,
 * `LOGNAME=`, `USERNAME=` (Windows), `SUDO_USER=` lines, and the `username`
 * field of `os.userInfo()` (or any key spelled `username`). Service and
 * image accounts (root, runner, node...) name no one and stay.
 */
export const USERNAME_PATTERN =
  /(?:(?:USER|LOGNAME|USERNAME|SUDO_USER)=|<[Uu]ser[Nn]ame>|[Uu]ser[Nn]ame["']?[ \t]{0,4}[:=][ \t]{0,4}["']?)([A-Za-z0-9._@+=-]{1,64})/g;

// biome-ignore format: a word list
const GENERIC = new Set([
  "root", "admin", "administrator", "user", "runner", "node", "nobody", "ubuntu", "debian",
  "ec2-user", "www-data", "postgres", "git", "vscode", "codespace", "circleci", "jenkins",
  "travis", "docker", "app", "builder", "build", "ci", "daemon", "system", "guest", "default",
  "__token__",
]);

const REPLACEMENT = redactionToken("USERNAME");
/** The key starts a word. */
const WORD = charClass("A-Za-z0-9_");

/** Every USERNAME_PATTERN match holds its key's `=` or `:`, or `<UserName>`'s `<`. */
export const USERNAME_GATE: StageGate = { chars: "=:<", count: 1 };

/**
 * Every USERNAME_PATTERN match holds one of these (USERNAME and SUDO_USER
 * hold USER). A text with none, as most crash text is, is not given to the
 * pattern, which V8 would compile first.
 */
export const USERNAME_WORDS: readonly string[] = ["USER", "LOGNAME", "serName", "sername"];

export function redactUsernames(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, USERNAME_GATE)) return text;
  if (!USERNAME_WORDS.some((word) => text.includes(word))) return text;
  return replaceMatches(
    text,
    USERNAME_PATTERN,
    (match) => {
      const name = match[1] ?? "";
      if (GENERIC.has(name.toLowerCase())) return undefined;
      return match[0].slice(0, match[0].length - name.length) + REPLACEMENT;
    },
    counter,
    WORD,
  );
}
