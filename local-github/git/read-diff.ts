import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { LocalGitHubError } from "../errors.js";

const run = promisify(execFile);

export const DIFF_LIMIT_BYTES = 200 * 1024;
const FILE_LIMIT = 3000;

export type ChangedFile = {
  path: string;
  /** The old path of a rename or copy. */
  from?: string;
  additions: number;
  deletions: number;
  binary: boolean;
};

export type PullDiff = { files: ChangedFile[]; patch: string; truncated: boolean };

const SHA = /^[0-9a-f]{40}$/;

/**
 * The change a pull request proposes: `git diff base...head` (from the merge
 * base, as GitHub's "Files changed" shows it) in the bare repository at
 * `gitDir`. Only full shas are accepted, so no branch name ever reaches git's
 * argument list as an option. The patch is cut at `limit` bytes, on a line end.
 */
export async function readDiff(
  gitDir: string,
  baseSha: string,
  headSha: string,
  options: { limit?: number; gitBinary?: string } = {},
): Promise<PullDiff> {
  if (!SHA.test(baseSha) || !SHA.test(headSha)) {
    throw new LocalGitHubError("GIT_FAILED", `not a commit sha: ${baseSha}...${headSha}`);
  }
  const gitBinary = options.gitBinary ?? "git";
  const limit = options.limit ?? DIFF_LIMIT_BYTES;
  const env = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir };
  const range = `${baseSha}...${headSha}`;
  const common = ["--no-color", "--no-ext-diff", "--no-textconv", "-M"];
  let numstat: string;
  try {
    ({ stdout: numstat } = await run(
      gitBinary,
      ["diff", ...common, "--numstat", "-z", range, "--"],
      { cwd: gitDir, env, maxBuffer: 16 * 1024 * 1024 },
    ));
  } catch (error: unknown) {
    throw new LocalGitHubError("GIT_FAILED", `git diff --numstat ${range} failed in ${gitDir}`, {
      cause: error,
    });
  }
  const { text, truncated } = await readCapped(
    gitBinary,
    ["diff", ...common, range, "--"],
    { cwd: gitDir, env },
    limit,
  );
  return { files: parseNumstat(numstat).slice(0, FILE_LIMIT), patch: text, truncated };
}

/** `--numstat -z`: `add\tdel\tpath\0`, or `add\tdel\t\0old\0new\0` for a rename; `-` counts mean binary. */
export function parseNumstat(out: string): ChangedFile[] {
  const fields = out.split("\0");
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; i += 1) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(fields[i] ?? "");
    if (!match) continue;
    const [, add = "0", del = "0", inline = ""] = match;
    const binary = add === "-" && del === "-";
    const counts = { additions: binary ? 0 : Number(add), deletions: binary ? 0 : Number(del) };
    if (inline !== "") {
      files.push({ path: inline, ...counts, binary });
    } else {
      const from = fields[i + 1] ?? "";
      const path = fields[i + 2] ?? "";
      i += 2;
      files.push({ path, from, ...counts, binary });
    }
  }
  return files;
}

/** Runs git and keeps at most `limit` bytes of stdout, stopping git once it has enough. */
function readCapped(
  gitBinary: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(gitBinary, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (truncated) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        truncated = true;
        child.kill();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString("utf8");
    });
    child.on("error", (error) =>
      reject(new LocalGitHubError("GIT_FAILED", `git ${args[0]} failed`, { cause: error })),
    );
    child.on("close", (code) => {
      const all = Buffer.concat(chunks);
      if (truncated) {
        // Cut on the last line end inside the limit, so no line or character is split.
        const cut = all.subarray(0, limit).lastIndexOf(10);
        resolve({ text: all.subarray(0, cut + 1).toString("utf8"), truncated });
      } else if (code === 0) {
        resolve({ text: all.toString("utf8"), truncated });
      } else {
        reject(new LocalGitHubError("GIT_FAILED", `git diff exited ${code}: ${stderr.trim()}`));
      }
    });
  });
}
