import { builtinModule } from "./builtin-module.js";
import { deriveEnvPrefix } from "./derive-env-prefix.js";
import { type CrashfixPaths, resolvePaths } from "./resolve-paths.js";

/** A config that passed reporterConfigSchema (or the command variant). */
export type ParsedConfig = {
  app: string;
  version?: string | undefined;
  repo?: string | undefined;
  displayName?: string | undefined;
  endpoint?: string | undefined;
  stateDir?: string | undefined;
  projectDir?: string | undefined;
  envPrefix?: string | undefined;
  redaction?:
    | { home?: string | undefined; repoRoot?: string | undefined; repoNames?: string[] | undefined }
    | undefined;
  command?: string | undefined;
};

export type ResolvedConfig = {
  app: string;
  version: string | undefined;
  repo: string | undefined;
  displayName: string;
  endpoint: string | undefined;
  envPrefix: string;
  command: string;
  redaction: { home?: string; repoRoot?: string; repoNames?: string[] };
  paths: CrashfixPaths;
};

export type ResolveOptions = { cwd?: string; home?: string };

/**
 * os.homedir() without loading node:os at every start (~0.25 ms in an ES
 * module host): on POSIX, libuv's uv_os_homedir answers $HOME when it is
 * set and only then asks the password database.
 */
function homeDirectory(): string {
  const home = process.platform === "win32" ? undefined : process.env.HOME;
  if (home) return home;
  return builtinModule<typeof import("node:os")>("node:os").homedir();
}

/** Defaults and paths for a validated config; no zod here, it runs at every start. */
export function resolveConfig(parsed: ParsedConfig, options: ResolveOptions = {}): ResolvedConfig {
  const home = options.home ?? homeDirectory();
  const redaction: ResolvedConfig["redaction"] = { home: parsed.redaction?.home ?? home };
  if (parsed.redaction?.repoRoot !== undefined) redaction.repoRoot = parsed.redaction.repoRoot;
  if (parsed.redaction?.repoNames !== undefined) redaction.repoNames = parsed.redaction.repoNames;
  return {
    app: parsed.app,
    version: parsed.version,
    repo: parsed.repo,
    displayName: parsed.displayName ?? parsed.app,
    endpoint: parsed.endpoint?.replace(/\/+$/, ""),
    envPrefix: parsed.envPrefix ?? deriveEnvPrefix(parsed.app),
    command: parsed.command ?? parsed.app,
    redaction,
    paths: resolvePaths({
      app: parsed.app,
      stateDir: parsed.stateDir,
      projectDir: parsed.projectDir,
      home,
      cwd: options.cwd ?? process.cwd(),
    }),
  };
}
