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

/** The README's bash CLI lines without their `export CRASHFIX_...` settings line: tests and the bench give their own. */
export function readmeBashLines(root: string): string {
  return readmeBlock(root, "## Add it to a bash CLI", "bash").replace(/^export CRASHFIX_.*\n/, "");
}
