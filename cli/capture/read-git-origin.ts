import type { RedactionContext } from "../../redact/redaction-context.js";
import { splitLines } from "../../redact/split-lines.js";
import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { existsSync, readFileSync } = fs;
const { dirname, resolve } = path;

// Reads `remote "origin"` from the nearest git config without running git:
// spawning git would cost a crashing process tens of milliseconds. Only
// used to derive project_id_hash and the repo names to scrub.
//
// existsSync, not stat: most folders on the way up have no .git, and a stat
// builds a Stats object (0.2 ms the first time in a process) or, where the
// path is missing, throws an Error built with its stack.
function findGitDir(start: string): string | undefined {
  let dir = resolve(start);
  for (let depth = 0; depth < 64; depth += 1) {
    const candidate = under(dir, ".git");
    if (existsSync(candidate)) {
      // The usual .git folder: its config is what we came for.
      if (existsSync(under(candidate, "config"))) return candidate;
      try {
        // Worktrees and submodules: `.git` is a file "gitdir: <path>".
        const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, "utf8"));
        if (match?.[1]) return resolve(dir, match[1].trim());
      } catch {
        // a .git folder without a config, or one we cannot read: go up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export function readGitOriginUrl(cwd: string): string | undefined {
  try {
    const gitDir = findGitDir(cwd);
    if (gitDir === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(under(gitDir, "config"), "utf8");
    } catch {
      // A worktree's gitdir points below the main repo's .git/worktrees/<name>.
      const common = readFileSync(under(gitDir, "commondir"), "utf8").trim();
      text = readFileSync(resolve(gitDir, common, "config"), "utf8");
    }
    let inOrigin = false;
    for (const line of splitLines(text)) {
      const section = /^\s*\[(.+)\]\s*$/.exec(line);
      if (section) {
        inOrigin = /^remote\s+"origin"$/.test(section[1]?.trim() ?? "");
        continue;
      }
      const url = inOrigin ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
      if (url?.[1]) return url[1];
    }
  } catch {
    // no origin: the report simply has no project_id_hash
  }
  return undefined;
}

/**
 * The host's redaction context with the git origin's repository among its
 * names: what a report of this project is scrubbed under, at capture and
 * again as it is sent.
 */
export function withOriginRepo(
  redaction: RedactionContext,
  gitRemoteUrl: string | undefined,
): RedactionContext {
  const originRepo = gitRemoteUrl === undefined ? undefined : repoNameFromUrl(gitRemoteUrl);
  const repoNames = [...(redaction.repoNames ?? [])];
  if (originRepo !== undefined) repoNames.push(originRepo);
  return { ...redaction, repoNames };
}

/** `git@github.com:acme/app.git` / `https://x@github.com/acme/app` -> `acme/app`. */
export function repoNameFromUrl(url: string): string | undefined {
  const match = /[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}
