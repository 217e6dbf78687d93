import { path } from "../node-builtins.js";

const { isAbsolute, join, resolve } = path;

export type CrashfixPaths = {
  /** `~/.<app>`: user-wide state. */
  stateDir: string;
  /** `~/.<app>/config`: KEY=VALUE lines (opt-out, notice record), shared with a bash route. */
  configFile: string;
  /** The host's settings as last installed, for the standalone `crashfix` command. */
  hostSettingsFile: string;
  /** One file per live process of the first run (collection/first-run.ts). */
  firstRunDir: string;
  /** Node's compile cache of the scrubber, where Node has one (capture/scrubber.ts). */
  compileCacheDir: string;
  /** V8's compiled code of the scrubber, where Node has no compile cache (capture/scrubber.ts). */
  codeCacheFile: string;
  /** `.<app>` in the working directory: this project's reports. */
  projectDir: string;
  crashDir: string;
  outboxDir: string;
  sentDir: string;
  rejectedDir: string;
  /** Capture failures, as codes only (never raw data). */
  logFile: string;
  flushStateFile: string;
  flushLockFile: string;
};

export const HOST_SETTINGS_FILE = "crashfix.json";

export function resolvePaths(input: {
  app: string;
  stateDir?: string | undefined;
  projectDir?: string | undefined;
  home: string;
  cwd: string;
}): CrashfixPaths {
  const expand = (path: string) =>
    path === "~" ? input.home : path.startsWith("~/") ? join(input.home, path.slice(2)) : path;
  const stateDir = resolve(input.cwd, expand(input.stateDir ?? join(input.home, `.${input.app}`)));
  const projectRaw = expand(input.projectDir ?? `.${input.app}`);
  const projectDir = isAbsolute(projectRaw) ? projectRaw : resolve(input.cwd, projectRaw);
  const crashDir = join(projectDir, "crash");
  const outboxDir = join(crashDir, "outbox");
  return {
    stateDir,
    configFile: join(stateDir, "config"),
    hostSettingsFile: join(stateDir, HOST_SETTINGS_FILE),
    firstRunDir: join(stateDir, "first-run"),
    compileCacheDir: join(stateDir, "compile-cache"),
    codeCacheFile: join(stateDir, "crashfix-scrubber.v8cache"),
    projectDir,
    crashDir,
    outboxDir,
    sentDir: join(crashDir, "sent"),
    rejectedDir: join(crashDir, "rejected"),
    logFile: join(crashDir, "capture.log"),
    flushStateFile: join(outboxDir, ".flush-state"),
    flushLockFile: join(outboxDir, ".flush.lock"),
  };
}
