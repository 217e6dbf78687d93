import { charClass } from "./char-class.js";
import { LineWords } from "./line-words.js";
import type { PositionList } from "./position-list.js";
import { redactionToken, TOKEN_PREFIX } from "./redaction-token.js";
import { eachMatchAt, type RedactionCounter, SpanWriter } from "./replace-matches.js";
import { TOOL_FLAGS, TOOL_NAMES } from "./tool-names.js";

/** Characters a tool's name does not follow (it starts a word). */
const NAME_CHARS = charClass("A-Za-z0-9_.-");

/** A tool's name where the token scan found one, not run on into a longer word. */
export const TOOL_AT = new RegExp(`(${TOOL_NAMES.join("|")})(?![A-Za-z0-9_-])`, "y");

const PASSWORD = redactionToken("PASSWORD");

/**
 * Redact the password of each tool command line (tool-names.ts). `tools`
 * holds where the token scan found a tool's name; the rest of the line
 * after it is read as words (line-words.ts), in the tool's own syntax.
 */
export function redactToolPasswords(
  text: string,
  tools: PositionList,
  counter: RedactionCounter,
): string {
  if (tools.length === 0) return text;
  const writer = new SpanWriter(text, counter);
  eachMatchAt(text, tools, TOOL_AT, NAME_CHARS, (match, end) =>
    writePasswords(text, match[1] ?? "", end, writer),
  );
  return writer.finish();
}

/**
 * Write a word's content as a password span, from `skip` characters in and
 * inside its quotes if it has them; a value already replaced stays.
 */
function writeContent(text: string, words: LineWords, skip: number, writer: SpanWriter): void {
  const first = text.charCodeAt(words.start + skip);
  const quoted =
    (first === 0x22 || first === 0x27) &&
    words.end - words.start - skip >= 2 &&
    text.charCodeAt(words.end - 1) === first;
  const start = words.start + skip + (quoted ? 1 : 0);
  const end = words.end - (quoted ? 1 : 0);
  if (end > start && !text.startsWith(TOKEN_PREFIX, start)) writer.add(start, end, PASSWORD);
}

/**
 * Write the password spans of one tool's command line, whose words start
 * at `from`; returns where its last word ends (or `from`).
 */
function writePasswords(text: string, tool: string, from: number, writer: SpanWriter): number {
  if (tool === "htpasswd") return writeHtpasswd(text, from, writer);
  const words = new LineWords(text, from);
  const flags = TOOL_FLAGS[tool] ?? {};
  let end = from;
  let afterSeparate = false;
  while (words.next()) {
    end = words.end;
    if (tool === "openssl") {
      if (text.startsWith("pass:", words.start)) writeContent(text, words, 5, writer);
    } else if (tool === "smbclient") {
      const percent = text.indexOf("%", words.start);
      if (percent !== -1 && percent < words.end) {
        writeContent(text, words, percent + 1 - words.start, writer);
      }
    } else {
      if (afterSeparate) writeContent(text, words, 0, writer);
      afterSeparate = flags.separate?.some((flag) => words.is(flag)) ?? false;
      for (const flag of flags.glued ?? []) {
        if (words.end - words.start > flag.length && text.startsWith(flag, words.start)) {
          writeContent(text, words, flag.length, writer);
        }
      }
    }
  }
  return end;
}

/** htpasswd -b [-c] file user password: the third word that is not a flag (the second with -n). */
function writeHtpasswd(text: string, from: number, writer: SpanWriter): number {
  let batch = false;
  let display = false;
  let end = from;
  const words = new LineWords(text, from);
  while (words.next()) {
    end = words.end;
    if (text.charCodeAt(words.start) !== 0x2d /* - */) continue;
    const flag = text.slice(words.start, words.end);
    batch ||= flag.includes("b");
    display ||= flag.includes("n");
  }
  if (!batch) return end;
  let positional = display ? 1 : 2;
  const again = new LineWords(text, from);
  while (again.next()) {
    if (text.charCodeAt(again.start) === 0x2d) continue;
    if (positional === 0) {
      writeContent(text, again, 0, writer);
      break;
    }
    positional -= 1;
  }
  return end;
}
