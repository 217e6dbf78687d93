/**
 * `text` cut at each "\n", a "\r" before it dropped: the lines of
 * `split(/\r?\n/)` without a regex, which a crash (its stack) and every
 * start of a host (the config file) would compile first.
 */
export function splitLines(text: string): string[] {
  return text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}
