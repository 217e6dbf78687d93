import { sha256Hex } from "./sha256-hex.js";

/** Hosts whose paths are `owner/name`, never a folder of a machine. */
const FORGES = new Set(["github.com", "gitlab.com", "bitbucket.org"]);

/** Remote URLs longer than this are not git remotes; they are hashed as given, trimmed. */
const MAX_REMOTE_LENGTH = 2048;

/**
 * One spelling per repository: `host/owner/name`, lower-case, without scheme,
 * credentials, port, `.git`, trailing slashes, query or fragment. Accepts
 * https, http, git, ssh://, git+https (npm), scp-like `git@host:owner/name`,
 * `host/owner/name` (a host with a dot) and GitHub's `owner/name` shorthand;
 * a path on this machine (`C:/...`, `../x.git`, `~/x`, any `file://` URL)
 * or in a home folder on another (`pc.local:/home/alice/x.git`) is none.
 * Paths are lower-cased too: GitHub, GitLab and Bitbucket resolve owner and
 * name case-insensitively, so `Owner/Repo` and `owner/repo` are one project.
 * Returns undefined when the text names no repository.
 */
export function normalizeRemoteUrl(remoteUrl: string): string | undefined {
  let rest = remoteUrl.trim();
  if (rest.length === 0 || rest.length > MAX_REMOTE_LENGTH || /\s/.test(rest)) return undefined;
  rest = rest.replace(/[?#].*$/s, "");
  let host: string;
  let path: string;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//.exec(rest);
  // A file URL names a folder on a machine, whatever host it gives.
  if (scheme !== null && scheme[0].toLowerCase() === "file://") return undefined;
  if (scheme !== null) {
    rest = rest.slice(scheme[0].length);
    const slash = rest.indexOf("/");
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    path = slash === -1 ? "" : rest.slice(slash + 1);
    host = authority.slice(authority.lastIndexOf("@") + 1);
  } else {
    const scp = /^(?:[^@/:]{1,256}@)?([^@/:]{1,256}):(?!\/\/)(.*)$/s.exec(rest);
    if (scp !== null && (scp[1] ?? "").includes(".")) {
      host = scp[1] ?? "";
      path = scp[2] ?? "";
    } else {
      // A path on this machine names no repository anyone shares, and holds
      // its user's name: a drive (`C:/Users/...`), `./`, `../`, `~/`.
      if (/^(?:[A-Za-z]:|\.|~)/.test(rest)) return undefined;
      const parts = rest.split("/");
      if (parts.length === 2) {
        host = "github.com";
        path = rest;
      } else {
        // `host/owner/name`: a host has a dot; `repos/acme/tool` is a folder.
        host = parts[0] ?? "";
        if (!host.includes(".")) return undefined;
        path = parts.slice(1).join("/");
      }
    }
  }
  host = host
    .replace(/:\d*$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  path = path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .replace(/\/+$/, "")
    .replace(/\/{2,}/g, "/")
    .toLowerCase();
  if (host.length === 0 || path.length === 0 || !/^[a-z0-9.-]+$/.test(host)) return undefined;
  // A repository in someone's home folder on a machine (`pc.local:/home/alice/x.git`):
  // its path holds their name, and its hash could be guessed from it.
  if (!FORGES.has(host) && /^(?:home|users)\//.test(path)) return undefined;
  return `${host}/${path}`;
}

/**
 * sha256 hex of the normalized remote, unsalted, so every user of one public
 * repository reports the same project id (docs/DESIGN.md section 2). Text that is
 * no remote URL is hashed trimmed and lower-cased, never returned as is.
 */
export function projectIdHash(remoteUrl: string): string {
  const text = typeof remoteUrl === "string" ? remoteUrl : String(remoteUrl);
  return sha256Hex(normalizeRemoteUrl(text) ?? text.trim().toLowerCase());
}

/** `owner/name` of a remote URL or `owner/name` text, for redacting repository names. */
export function parseRepoPath(entry: string): string | undefined {
  const normalized = normalizeRemoteUrl(entry);
  if (normalized === undefined) return undefined;
  const slash = normalized.indexOf("/");
  const path = normalized.slice(slash + 1);
  return path.length >= 3 ? path : undefined;
}
