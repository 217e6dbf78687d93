import type { ElementContent } from "hast";

// GitHub's references in issue text: `#123` and `owner/repo#123` link to that
// issue or pull request, and a commit sha (7 to 40 hex) to that commit, when
// they exist (https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls).

export type AutolinkTargets = {
  /** The page of issue or pull request `number` in `repo` ("owner/name", or this repository when undefined). */
  issue(repo: string | undefined, number: number): string | undefined;
  /** The page of the commit a sha names, when it is a commit of this repository. */
  commit(sha: string): string | undefined;
};

// A reference stands alone: not inside a word, a path or a longer hex string.
const REFERENCE =
  /(?<![\w/#-])(?:([A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100})?#(\d{1,9})|([0-9a-f]{7,40}))(?![\w/-])/g;

const link = (href: string, text: string): ElementContent => ({
  type: "element",
  tagName: "a",
  properties: { href, className: ["reference"] },
  children: [{ type: "text", value: text }],
});

/** Splits a text node into text and links for the references that resolve. */
export function autolinkText(text: string, targets: AutolinkTargets): ElementContent[] {
  const out: ElementContent[] = [];
  let at = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const [whole, repo, number, sha] = match;
    const href = sha ? targets.commit(sha) : targets.issue(repo, Number(number));
    if (!href) continue;
    if (match.index > at) out.push({ type: "text", value: text.slice(at, match.index) });
    out.push(link(href, sha ? sha.slice(0, 7) : whole));
    at = match.index + whole.length;
  }
  if (at < text.length) out.push({ type: "text", value: text.slice(at) });
  return out;
}

/** The sha-like words of a text, for resolving against the repository before rendering. */
export function shaCandidates(text: string): string[] {
  return [...text.matchAll(REFERENCE)].flatMap((match) => (match[3] ? [match[3]] : []));
}
