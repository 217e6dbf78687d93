import { isAbsolute, join, resolve } from "node:path";

export type CrashfixPaths = {
  /** `~/.<app>`: user-wide state (config with opt-out and disclosure sentinel). */
  stateDir: string;
  configFile: string;
  /** V8's compiled code of the scrubber, so a later crash loads it faster. */
  codeCacheFile: string;
  /** `.<app>` in the working directory: this project's reports. */
  projectDir: string;
  crashDir: string;
  outboxDir: string;
  sentDir: string;
  rejectedDir: string;
  /** Local log of capture failures (codes only, never raw data). */
  logFile: string;
  flushStateFile: string;
  flushLockFile: string;
};

export function resolvePaths(input: {
  app: string;
  stateDir?: string | undefined;
  projectDir?: string | undefined;
  home: string;
  cwd: string;
}): CrashfixPaths {
  const expand = (p: string) =>
    p === "~" ? input.home : p.startsWith("~/") ? join(input.home, p.slice(2)) : p;
  const stateDir = resolve(input.cwd, expand(input.stateDir ?? join(input.home, `.${input.app}`)));
  const projectRaw = expand(input.projectDir ?? `.${input.app}`);
  const projectDir = isAbsolute(projectRaw) ? projectRaw : resolve(input.cwd, projectRaw);
  const crashDir = join(projectDir, "crash");
  const outboxDir = join(crashDir, "outbox");
  return {
    stateDir,
    configFile: join(stateDir, "config"),
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
