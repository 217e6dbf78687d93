import { charClass, inClass } from "./char-class.js";

/**
 * Words of a command line: runs without blanks or quotes, or quoted runs;
 * the regex form of what LineWords reads, for the ReDoS check.
 */
export const WORD_PATTERN = /'[^'\n]{0,512}'|"[^"\n]{0,512}"|[^\s'"]{1,1024}/g;

const BLANK = charClass(" \t\r\n\v\f");
const isQuote = (code: number): boolean => code === 0x22 || code === 0x27;
const isBlank = (text: string, i: number): boolean => {
  const code = text.charCodeAt(i);
  return inClass(BLANK, code) || (code >= 128 && /\s/.test(text[i] as string));
};

/**
 * WORD_PATTERN's words from `from` to the end of the line (at most 4096
 * characters), one at a time: `next()` moves `start` and `end` to the next
 * word. Read by hand, since a line of many short words (`-p x -p x...`)
 * costs one regex call per word otherwise, and kept in two numbers, since a
 * word object each cost more than the rest. A quote without its closing
 * quote within 512 characters is passed over, as the regex does.
 */
export class LineWords {
  start = 0;
  end = 0;
  private pos: number;
  private readonly stop: number;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    let stop = text.indexOf("\n", from);
    if (stop === -1 || stop - from > 4096) stop = Math.min(text.length, from + 4096);
    this.pos = from;
    this.stop = stop;
  }

  next(): boolean {
    const { text, stop } = this;
    let i = this.pos;
    while (i < stop) {
      const code = text.charCodeAt(i);
      if (isQuote(code)) {
        const limit = Math.min(stop, i + 514);
        let close = i + 1;
        while (close < limit && text.charCodeAt(close) !== code) close += 1;
        if (close < limit) return this.word(i, close + 1);
        i += 1;
        continue;
      }
      if (isBlank(text, i)) {
        i += 1;
        continue;
      }
      let j = i + 1;
      while (j < stop && j - i < 1024 && !isQuote(text.charCodeAt(j)) && !isBlank(text, j)) j += 1;
      return this.word(i, j);
    }
    this.pos = stop;
    return false;
  }

  /** Whether the current word is `literal`. */
  is(literal: string): boolean {
    return this.end - this.start === literal.length && this.text.startsWith(literal, this.start);
  }

  private word(start: number, end: number): boolean {
    this.start = start;
    this.end = end;
    this.pos = end;
    return true;
  }
}
