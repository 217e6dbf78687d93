// The mechanical review of an agent's change, run in the privileged job before
// anything is pushed (and early in the agent job, to fail fast). It reads only
// paths, modes and sizes: no repo code runs, nothing is interpreted.

export interface Change {
  status: string; // git's letter: A, M, D, T
  path: string;
  oldMode: string;
  newMode: string;
  binary: boolean;
}

export interface ChangeLimits {
  maxFiles: number;
  maxPatchBytes: number;
}

export type ChangeVerdict = { ok: true } | { ok: false; reasons: string[] };

// Paths an automated fix must never touch: CI definitions (they run with the
// repository's secrets), dependency lockfiles (supply chain), repository
// plumbing, and instructions that steer the next coding agent.
const DENIED_DIRECTORIES = [
  ".github",
  ".gitlab",
  ".circleci",
  ".buildkite",
  ".woodpecker",
  ".ci",
  ".husky",
  ".devcontainer",
  ".claude",
  ".cursor",
  ".continue",
  ".roo",
  ".kiro",
  ".windsurf",
  ".clinerules",
  ".git",
];

const DENIED_FILES = [
  // CI configuration
  ".gitlab-ci.yml",
  ".travis.yml",
  "azure-pipelines.yml",
  "appveyor.yml",
  ".appveyor.yml",
  "jenkinsfile",
  ".drone.yml",
  "bitbucket-pipelines.yml",
  ".woodpecker.yml",
  ".pre-commit-config.yaml",
  "lefthook.yml",
  ".lefthook.yml",
  // lockfiles
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  "cargo.lock",
  "gemfile.lock",
  "poetry.lock",
  "pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "composer.lock",
  "go.sum",
  "flake.lock",
  "mix.lock",
  "pubspec.lock",
  "package.resolved",
  "packages.lock.json",
  "gradle.lockfile",
  // package manager and repository plumbing
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".pnpmfile.cjs",
  ".gitmodules",
  ".gitattributes",
  "codeowners",
  // agent instruction files
  "agents.md",
  "agent.md",
  "claude.md",
  "claude.local.md",
  "gemini.md",
  ".cursorrules",
  ".windsurfrules",
  ".clinerules",
  ".aider.conf.yml",
  "conventions.md",
  "copilot-instructions.md",
];

const SYMLINK_MODE = "120000";
const GITLINK_MODE = "160000";

export function deniedReason(path: string): string | undefined {
  const parts = path.split("/").map((p) => p.toLowerCase());
  const directory = parts.slice(0, -1).find((p) => DENIED_DIRECTORIES.includes(p));
  if (directory) return `touches ${directory}/ (${path})`;
  const base = parts[parts.length - 1] ?? "";
  if (DENIED_DIRECTORIES.includes(base)) return `touches ${base} (${path})`;
  if (DENIED_FILES.includes(base)) return `touches a protected file (${path})`;
  if (parts.includes("..") || path.startsWith("/")) return `path leaves the repository (${path})`;
  return undefined;
}

export function checkChanges(
  changes: readonly Change[],
  patchBytes: number,
  limits: ChangeLimits,
): ChangeVerdict {
  const reasons: string[] = [];
  if (changes.length === 0) reasons.push("the change is empty");
  if (changes.length > limits.maxFiles) {
    reasons.push(`changes ${changes.length} files; the cap is ${limits.maxFiles}`);
  }
  if (patchBytes > limits.maxPatchBytes) {
    reasons.push(`the patch is ${patchBytes} bytes; the cap is ${limits.maxPatchBytes}`);
  }
  for (const change of changes) {
    const denied = deniedReason(change.path);
    if (denied) reasons.push(denied);
    if (change.newMode === SYMLINK_MODE || change.oldMode === SYMLINK_MODE) {
      reasons.push(`adds or changes a symbolic link (${change.path})`);
    }
    if (change.newMode === GITLINK_MODE || change.oldMode === GITLINK_MODE) {
      reasons.push(`adds or changes a submodule (${change.path})`);
    }
    if (change.binary) reasons.push(`changes a binary file (${change.path})`);
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons: [...new Set(reasons)] };
}
