import { charClass, inClass } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans, execNotAfter } from "./replace-matches.js";

/** Characters a tool's name does not follow (it starts a word). */
const NAME_CHARS = charClass("A-Za-z0-9_.-");

/**
 * Passwords passed to well-known tools on their command line, each in the
 * tool's own syntax (from their man pages): `sshpass -p pw`, `7z -ppw`,
 * `mysql -ppw`, `unzip -P pw`, `openssl ... -passin pass:pw`,
 * `ldapsearch -w pw`, `redis-cli -a pw`, `mongosh -p pw`, `sqlcmd -P pw`,
 * `smbclient -U user%pw`, `htpasswd -b file user pw`. The rest of the line
 * after the tool's name is read as words.
 */
export const TOOL_PATTERN =
  /(sshpass|7z|7za|7zr|rar|unrar|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|unzip|zip|openssl|ldapsearch|ldapmodify|ldapadd|ldapdelete|ldapwhoami|ldappasswd|redis-cli|mongo|mongosh|mongodump|sqlcmd|smbclient|htpasswd)(?![A-Za-z0-9_-])/g;

interface ToolFlags {
  /** Flags whose value is the next word. */
  separate?: readonly string[];
  /** Flags whose value is glued on (`-pSecret`). */
  glued?: readonly string[];
}

const LDAP: ToolFlags = { separate: ["-w"] };
const MYSQL: ToolFlags = { glued: ["-p"] };
const ARCHIVE: ToolFlags = { glued: ["-p"] };
const MONGO: ToolFlags = { separate: ["-p"] };

// biome-ignore format: a table
const FLAGS: Record<string, ToolFlags> = {
  sshpass: { separate: ["-p"], glued: ["-p"] },
  "7z": ARCHIVE, "7za": ARCHIVE, "7zr": ARCHIVE, rar: ARCHIVE, unrar: ARCHIVE,
  mysql: MYSQL, mysqldump: MYSQL, mysqladmin: MYSQL, mariadb: MYSQL, "mariadb-dump": MYSQL,
  unzip: { separate: ["-P"] }, zip: { separate: ["-P"] },
  ldapsearch: LDAP, ldapmodify: LDAP, ldapadd: LDAP, ldapdelete: LDAP, ldapwhoami: LDAP, ldappasswd: LDAP,
  "redis-cli": { separate: ["-a"] },
  mongo: MONGO, mongosh: MONGO, mongodump: MONGO,
  sqlcmd: { separate: ["-P"] },
};

const PASSWORD = redactionToken("PASSWORD");
/**
 * Words of the rest of the line: runs without blanks or quotes, or quoted
 * runs; the regex form of what wordsOfLine reads, for the ReDoS check.
 */
export const WORD_PATTERN = /'[^'\n]{0,512}'|"[^"\n]{0,512}"|[^\s'"]{1,1024}/g;

interface Word {
  text: string;
  start: number;
  end: number;
}

const BLANK = charClass(" \t\r\n\v\f");
const isQuote = (code: number): boolean => code === 0x22 || code === 0x27;

/**
 * WORD_PATTERN's words from `from` to the end of the line (at most 4096
 * characters), read by hand: a line of many short words (`-p x -p x...`)
 * costs one regex call per word otherwise. A quote without its closing
 * quote within 512 characters is passed over, as the regex does.
 */
export function wordsOfLine(text: string, from: number): Word[] {
  let end = text.indexOf("\n", from);
  if (end === -1 || end - from > 4096) end = Math.min(text.length, from + 4096);
  const words: Word[] = [];
  let i = from;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (isQuote(code)) {
      const limit = Math.min(end, i + 514);
      let close = i + 1;
      while (close < limit && text.charCodeAt(close) !== code) close += 1;
      if (close < limit) {
        words.push({ text: text.slice(i, close + 1), start: i, end: close + 1 });
        i = close + 1;
      } else i += 1;
      continue;
    }
    if (inClass(BLANK, code) || (code >= 128 && /\s/.test(text[i] as string))) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < end && j - i < 1024) {
      const next = text.charCodeAt(j);
      if (isQuote(next) || inClass(BLANK, next) || (next >= 128 && /\s/.test(text[j] as string)))
        break;
      j += 1;
    }
    words.push({ text: text.slice(i, j), start: i, end: j });
    i = j;
  }
  return words;
}

/** The span of a word's content, inside its quotes if it has them, from `skip` characters in. */
function content(word: Word, skip = 0): Span {
  const first = word.text[skip];
  const quoted =
    (first === "'" || first === '"') && word.text.length - skip >= 2 && word.text.endsWith(first);
  const start = word.start + skip + (quoted ? 1 : 0);
  const end = word.end - (quoted ? 1 : 0);
  return { start, end, replacement: PASSWORD };
}

function toolSpans(tool: string, words: Word[]): Span[] {
  const spans: Span[] = [];
  if (tool === "openssl") {
    for (const word of words) if (word.text.startsWith("pass:")) spans.push(content(word, 5));
    return spans;
  }
  if (tool === "smbclient") {
    for (const word of words) {
      const percent = word.text.indexOf("%");
      if (percent !== -1) spans.push(content(word, percent + 1));
    }
    return spans;
  }
  if (tool === "htpasswd") {
    // htpasswd -b [-c] file user password: the third word that is not a flag.
    const flags = words.filter((w) => w.text.startsWith("-")).map((w) => w.text);
    if (!flags.some((flag) => flag.includes("b"))) return spans;
    const positional = words.filter((w) => !w.text.startsWith("-"));
    // -n prints instead of writing a file, so there is no file argument.
    const password = positional[flags.some((flag) => flag.includes("n")) ? 1 : 2];
    if (password !== undefined) spans.push(content(password));
    return spans;
  }
  const flags = FLAGS[tool] ?? {};
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (flags.separate?.includes(word.text) && next !== undefined) spans.push(content(next));
    for (const flag of flags.glued ?? []) {
      if (word.text.length > flag.length && word.text.startsWith(flag))
        spans.push(content(word, flag.length));
    }
  });
  return spans;
}

export function redactToolPasswords(text: string, counter: RedactionCounter): string {
  const spans: Span[] = [];
  TOOL_PATTERN.lastIndex = 0;
  for (
    let m = execNotAfter(TOOL_PATTERN, text, NAME_CHARS);
    m !== null;
    m = execNotAfter(TOOL_PATTERN, text, NAME_CHARS)
  ) {
    const words = wordsOfLine(text, m.index + m[0].length);
    for (const span of toolSpans(m[1] ?? "", words)) {
      if (span.end > span.start && !text.startsWith("[REDACTED:", span.start)) spans.push(span);
    }
    const last = words[words.length - 1];
    if (last !== undefined) TOOL_PATTERN.lastIndex = last.end;
  }
  TOOL_PATTERN.lastIndex = 0;
  return applySpans(
    text,
    spans.sort((a, b) => a.start - b.start),
    counter,
  );
}
