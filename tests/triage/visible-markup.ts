// What GitHub would interpret as markup in a rendered body: everything outside
// hidden comments, fenced code blocks and code spans.
export function visibleMarkup(body: string): string {
  return body
    .replace(/<!-- crashfix:[^\n]*? -->/g, "")
    .replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, "")
    .replace(/(`+)[\s\S]*?\1/g, "");
}
