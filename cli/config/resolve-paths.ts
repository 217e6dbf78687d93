import { path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { resolve } = path;

export type CrashfixPaths = {
  /** `~/.<app>`: user-wide state. */
  stateDir: string;
  /** `~/.<app>/config`: KEY=VALUE lines (opt-out, notice record), shared with a bash route. */
  configFile: string;
  /** The host's settings as last installed, for the standalone `crashfix` command. */
  hostSettingsFile: string;
  /** One file per live process of the first run (collection/first-run.ts). */
  firstRunDir: string;
  /** Empty; its modification time is the last start that found an opt-out variable set (outbox/queued-before-opt-out.ts). */
  optOutSeenFile: string;
  /** One line per report this machine's crashfix saved: a send needs it (store/written-reports.ts). */
  writtenReportsFile: string;
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
  /** Why crashfix did less than it should: capture failures as codes only (never raw data), a send it could not start. */
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
    path === "~" ? input.home : path.startsWith("~/") ? resolve(input.home, path.slice(2)) : path;
  // Both folders resolved (absolute, normalized) once; every path under them
  // is a plain name appended.
  const stateDir = resolve(input.cwd, expand(input.stateDir ?? under(input.home, `.${input.app}`)));
  const projectDir = resolve(input.cwd, expand(input.projectDir ?? `.${input.app}`));
  const crashDir = under(projectDir, "crash");
  const outboxDir = under(crashDir, "outbox");
  return {
    stateDir,
    configFile: under(stateDir, "config"),
    hostSettingsFile: under(stateDir, HOST_SETTINGS_FILE),
    firstRunDir: under(stateDir, "first-run"),
    optOutSeenFile: under(stateDir, "opt-out-seen"),
    writtenReportsFile: under(stateDir, "written-reports"),
    compileCacheDir: under(stateDir, "compile-cache"),
    codeCacheFile: under(stateDir, "crashfix-scrubber.v8cache"),
    projectDir,
    crashDir,
    outboxDir,
    sentDir: under(crashDir, "sent"),
    rejectedDir: under(crashDir, "rejected"),
    logFile: under(crashDir, "capture.log"),
    flushStateFile: under(outboxDir, ".flush-state"),
    flushLockFile: under(outboxDir, ".flush.lock"),
  };
}
