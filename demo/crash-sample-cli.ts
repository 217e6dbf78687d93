import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { PLANTED } from "./planted-secrets.js";
import { runGit } from "./run-git.js";
import { runNode } from "./run-node.js";

export type CrashRun = { project: string; args: string[]; exitCode: number | null };

export type CrashSession = {
  home: string;
  projects: string[];
  runs: CrashRun[];
  /** The first run's stderr: the disclosure, the host's error and crashfix's notice. */
  firstStderr: string;
};

// Three "projects" of one user, each a git checkout with its own origin, so
// the reports carry three distinct project hashes and no repo name.
const PROJECTS: ReadonlyArray<{ dir: string; origin: string }> = [
  { dir: "billing", origin: `git@github.com:${PLANTED.privateRepo}.git` },
  { dir: "website", origin: "https://github.com/acme-demo/website.git" },
  {
    dir: "tools",
    origin: `https://${PLANTED.userName}:${PLANTED.urlPassword}@git.example.org/acme-demo/tools.git`,
  },
];

// Which command crashes where: tally's empty-mean bug most often, then an
// unhandled provider rejection, a missing file under the home folder, and a
// failed gate (a plain nonzero exit).
const SCRIPT: ReadonlyArray<{ project: number; args: (home: string) => string[] }> = [
  { project: 0, args: () => ["avg"] },
  { project: 0, args: () => ["avg"] },
  { project: 0, args: () => ["sync"] },
  { project: 1, args: () => ["avg"] },
  { project: 1, args: () => ["avg"] },
  { project: 1, args: (home) => ["profile", join(home, PLANTED.email, "profile.json")] },
  { project: 2, args: () => ["avg"] },
  { project: 2, args: () => ["check"] },
  { project: 2, args: () => ["sync"] },
];

/** The environment of the demo's user: built from scratch, so a CI runner's variables do not leak in. */
export function userEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    USER: PLANTED.userName,
    NO_COLOR: "1",
    TALLY_API_KEY: PLANTED.anthropicKey,
    GITHUB_TOKEN: PLANTED.githubToken,
    ...extra,
  };
}

/** Makes the user's home and projects, then crashes the sample CLI in them. */
export async function crashSampleCli(options: {
  workDir: string;
  tallyBin: string;
  endpoint: string;
  /** Told after each run, before the next starts (the demo waits here for background sends). */
  onRun?: (run: CrashRun, index: number, total: number) => Promise<void> | void;
}): Promise<CrashSession> {
  const home = join(options.workDir, "home", PLANTED.userName);
  const projects: string[] = [];
  for (const project of PROJECTS) {
    const dir = join(home, "code", project.dir);
    await mkdir(dir, { recursive: true });
    await runGit(["init", "-q"], dir);
    await runGit(["remote", "add", "origin", project.origin], dir);
    projects.push(dir);
  }
  const env = userEnv(home, { TALLY_CRASH_ENDPOINT: options.endpoint });
  const runs: CrashRun[] = [];
  let firstStderr = "";
  for (const [index, step] of SCRIPT.entries()) {
    const cwd = projects[step.project] as string;
    const args = step.args(home);
    const result = await runNode([options.tallyBin, ...args], { cwd, env });
    if (index === 0) firstStderr = result.stderr;
    const run = { project: cwd, args, exitCode: result.code };
    runs.push(run);
    await options.onRun?.(run, index, SCRIPT.length);
  }
  return { home, projects, runs, firstStderr };
}
