/** Fills paragraphs to `width` columns at spaces; a word longer than a line (a URL) gets its own line. */
export function wrapText(paragraphs: readonly string[], width = 78): string {
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter((w) => w !== "")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}
