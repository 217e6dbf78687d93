import { readFileSync } from "node:fs";
import { join } from "node:path";

// Its own module, without vitest: the bench runs the README's bash lines too.

/** The first ```<lang> block under `heading` in the repository's README: the lines a user copies. */
export function readmeBlock(root: string, heading: string, lang: "ts" | "bash"): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(heading));
  const block = new RegExp(`\`\`\`${lang}\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];
  if (block === undefined) throw new Error(`README has no \`\`\`${lang} block under '${heading}'`);
  return block;
}
