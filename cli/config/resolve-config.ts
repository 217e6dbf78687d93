import { crashfixBinPath } from "../bin-path.js";
import { homeDirectory } from "../node-builtins.js";
import { ENV_SETTINGS } from "./read-client-env.js";
import type { CrashReporterConfig } from "./reporter-config.js";
import { type CrashfixPaths, resolvePaths } from "./resolve-paths.js";
import type { CommandConfig } from "./validate-config.js";

/** A checked config with every default filled in. */
export type ResolvedConfig = {
  app: string;
  version: string | undefined;
  repo: string | undefined;
  displayName: string;
  endpoint: string | undefined;
  privacyUrl: string | undefined;
  /** The repository runs crashfix's auto-fix workflow: the notice may say so. */
  autoFix: boolean;
  envPrefix: string;
  /**
   * What users type to run crashfix's commands for this app: the host's
   * `command`, else the installed command by its path; undefined where
   * neither exists (see standaloneCommand), so hints name none.
   */
  command: string | undefined;
  /** True when the host said it mounts the commands (`command` was given). */
  mounted: boolean;
  redaction: { home: string; repoRoot?: string; repoNames?: string[] };
  paths: CrashfixPaths;
  /** The checked config as given, without defaults: what the host settings file keeps. */
  given: CommandConfig;
};

export type ResolveOptions = { cwd: string; home?: string | undefined };

/** `loki-mode` -> `LOKI_MODE`: portable shells allow only A-Z, 0-9 and _ in names. */
export function deriveEnvPrefix(app: string): string {
  return app.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** A path as one word of this platform's shells: bare when plain, else quoted. */
export function shellWord(path: string): string {
  if (/^[A-Za-z0-9_./:\\@+-]+$/.test(path)) return path;
  return process.platform === "win32" ? `"${path}"` : `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * The command line that runs crashfix's commands for `app` on this machine
 * whether or not the host mounts them: the `crashfix` command installed with
 * the host, by its path. `npx crashfix` would not do: run in the user's
 * project, where the host is not a dependency, npx looks crashfix up in the
 * registry. Undefined where the command is not beside this code (a host that
 * bundled crashfix and did not copy its files): no command works there.
 */
export function standaloneCommand(app: string, stateDir?: string): string | undefined {
  const bin = crashfixBinPath();
  if (bin === undefined) return undefined;
  // A host's own state folder holds its settings (endpoint, privacy page):
  // the command finds them only when told where. The variable prefix is a
  // POSIX shell's; on Windows such a host should mount the commands.
  const where =
    stateDir === undefined || process.platform === "win32"
      ? ""
      : `${ENV_SETTINGS.stateDir}=${shellWord(stateDir)} `;
  return `${where}node ${shellWord(bin)} --app ${app}`;
}

/**
 * What users type to run crashfix's commands for `app`: the host's
 * `command`, else the installed command by its path (standaloneCommand),
 * told the host's state folder when the host chose its own.
 */
export function userCommand(
  app: string,
  command: string | undefined,
  stateDir?: string,
): string | undefined {
  return command ?? standaloneCommand(app, stateDir);
}

export function resolveConfig(
  given: CommandConfig | CrashReporterConfig,
  options: ResolveOptions,
): ResolvedConfig {
  let named: { command: string | undefined } | undefined;
  const home = options.home ?? homeDirectory();
  const redaction: ResolvedConfig["redaction"] = { home: given.redaction?.home ?? home };
  if (given.redaction?.repoRoot !== undefined) redaction.repoRoot = given.redaction.repoRoot;
  if (given.redaction?.repoNames !== undefined) redaction.repoNames = given.redaction.repoNames;
  return {
    app: given.app,
    version: given.version,
    repo: given.repo,
    displayName: given.displayName ?? given.app,
    endpoint: given.endpoint?.replace(/\/+$/, ""),
    privacyUrl: given.privacyUrl,
    autoFix: given.autoFix === true,
    envPrefix: given.envPrefix ?? deriveEnvPrefix(given.app),
    // Worked out when a notice or a command first names it, not at every start.
    get command() {
      named ??= {
        command: userCommand(
          given.app,
          given.command,
          given.stateDir === undefined ? undefined : this.paths.stateDir,
        ),
      };
      return named.command;
    },
    mounted: given.command !== undefined,
    redaction,
    paths: resolvePaths({
      app: given.app,
      stateDir: given.stateDir,
      projectDir: given.projectDir,
      home,
      cwd: options.cwd,
    }),
    given,
  };
}
