import { type CaptureInput, type CaptureResult, captureEvent } from "./capture-event.js";
import type { ConfigFile } from "./config-file.js";
import type { CrashReporterConfig } from "./config-schema.js";
import { type CollectionDecision, decideCollection } from "./decide-collection.js";
import { isCI } from "./detect-ci.js";
import { formatCrashNotice } from "./format-crash-notice.js";
import { parseReporterConfigCached } from "./parse-config-cached.js";
import type { ResolvedConfig } from "./resolve-config.js";
import { startOfRun } from "./start-of-run.js";
import { stderrWriter } from "./write-stderr.js";

export type FrictionKind = "retry_loop" | "rate_limit_loop" | "gate_failure";

export type Writable = { write(text: string): unknown };

export type ReporterOptions = {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
  stderr?: Writable;
  now?: () => number;
  /** Start the background flush of queued reports on install (default true). */
  flushOnStart?: boolean;
};

export type InstallOptions = {
  /** Exit codes that are not crashes. Default: 129, 130, 143 (SIGHUP, SIGINT, SIGTERM by shell convention). */
  ignoreExitCodes?: number[];
};

export type CrashReporter = {
  readonly config: ResolvedConfig;
  /** Hooks uncaught exceptions, unhandled rejections and nonzero exits. Idempotent. */
  install(options?: InstallOptions): CrashReporter;
  uninstall(): void;
  /** The phase of the host's run that later captures are tagged with. */
  setPhase(phase: string | undefined): void;
  capture(error: unknown, options?: { phase?: string; exitCode?: number }): CaptureResult;
  /** Counts a friction event; reports once per kind and phase when the count reaches the threshold (default 3). */
  friction(
    kind: FrictionKind,
    options?: { phase?: string; threshold?: number },
  ): CaptureResult | undefined;
  /** Counts a failed call to an external provider; reports once per provider at the threshold (default 3). */
  providerFailure(
    provider: string,
    options?: { status?: number; phase?: string; threshold?: number },
  ): CaptureResult | undefined;
  /** The collection decision, re-read from env and config. */
  decision(): CollectionDecision;
};

const DEFAULT_IGNORED_EXIT_CODES = [129, 130, 143];

export function createCrashReporter(
  input: CrashReporterConfig,
  options: ReporterOptions = {},
): CrashReporter {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? Date.now;
  const stderr = options.stderr ?? stderrWriter;
  const resolveOptions: { cwd: string; home?: string } = { cwd };
  if (options.home !== undefined) resolveOptions.home = options.home;
  // Throws INVALID_CONFIG: a broken config is the host author's bug and
  // should fail in their first test run, not silently at a user's crash.
  const config = parseReporterConfigCached(input, resolveOptions);

  let installed = false;
  let phase: string | undefined;
  let fatalCaptured = false;
  let lastAutomatic: Extract<CaptureResult, { ok: true }> | undefined;
  let ignored = new Set(DEFAULT_IGNORED_EXIT_CODES);
  const counts = new Map<string, number>();

  const decide = (configFile?: ConfigFile): CollectionDecision => {
    const decideOptions: Parameters<typeof decideCollection>[0] = {
      envPrefix: config.envPrefix,
      configPath: config.paths.configFile,
      env,
    };
    if (configFile !== undefined) decideOptions.configFile = configFile;
    return decideCollection(decideOptions);
  };

  const run = (captureInput: CaptureInput): CaptureResult => {
    try {
      const input = { ...captureInput };
      if (input.phase === undefined && phase !== undefined) input.phase = phase;
      return captureEvent({ config, queue: decide().enabled, cwd, now }, input);
    } catch {
      return { ok: false, code: "CAPTURE_FAILED" };
    }
  };

  const onFatal = (error: unknown): void => {
    try {
      // With no uncaughtException listener of the host's, Node exits with 1.
      const dying = process.listenerCount("uncaughtException") === 0;
      const result = run(dying ? { error, exitCode: 1 } : { error });
      fatalCaptured = true;
      if (result.ok) lastAutomatic = result;
    } catch {
      // never throw into the host's crash path
    }
  };

  const onRejection = (reason: unknown): void => {
    // Only registered when the host already handles rejections itself, so
    // adding it does not change whether the process crashes.
    const result = run({ error: reason });
    // The host's own exit code that follows is the same incident, not a second one.
    fatalCaptured = true;
    if (result.ok) lastAutomatic = result;
  };

  const onExit = (code: number): void => {
    try {
      if (code === 0 || ignored.has(code)) return;
      if (!fatalCaptured) {
        const result = run({ errorClass: "NonZeroExit", exitCode: code, stack: exitStack() });
        if (result.ok) lastAutomatic = result;
      }
      if (lastAutomatic) {
        stderr.write(
          formatCrashNotice({
            displayName: config.displayName,
            command: config.command,
            id: lastAutomatic.id,
            file: lastAutomatic.file,
            cwd,
            queued: lastAutomatic.queued,
            ci: isCI(env),
          }),
        );
      }
    } catch {
      // the host is exiting; stay out of its way
    }
  };

  const threshold = (key: string, limit: number | undefined): boolean => {
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return count === Math.max(1, limit ?? 3);
  };

  const reporter: CrashReporter = {
    config,
    install(installOptions = {}) {
      if (installed) return reporter;
      installed = true;
      ignored = new Set(installOptions.ignoreExitCodes ?? DEFAULT_IGNORED_EXIT_CODES);
      try {
        startOfRun({
          config,
          rawConfig: input,
          env,
          cwd,
          stderr,
          now,
          flush: options.flushOnStart !== false,
        });
      } catch {
        // disclosure/flush trouble must never stop the host from starting
      }
      // The monitor observes without changing what Node does next: the
      // default handler still prints the error and exits with 1, and a
      // host's own uncaughtException handlers still run.
      process.on("uncaughtExceptionMonitor", onFatal);
      if (process.listenerCount("unhandledRejection") > 0) {
        process.on("unhandledRejection", onRejection);
      }
      process.on("exit", onExit);
      return reporter;
    },
    uninstall() {
      process.off("uncaughtExceptionMonitor", onFatal);
      process.off("unhandledRejection", onRejection);
      process.off("exit", onExit);
      installed = false;
    },
    setPhase(next) {
      phase = next;
    },
    capture(error, captureOptions = {}) {
      const captureInput: CaptureInput = { error };
      if (captureOptions.phase !== undefined) captureInput.phase = captureOptions.phase;
      if (captureOptions.exitCode !== undefined) captureInput.exitCode = captureOptions.exitCode;
      return run(captureInput);
    },
    friction(kind, frictionOptions = {}) {
      const at = frictionOptions.phase ?? phase;
      if (!threshold(`friction:${kind}:${at ?? ""}`, frictionOptions.threshold)) return undefined;
      const captureInput: CaptureInput = {
        errorClass: "Friction",
        frictionKind: kind,
        stack: `Friction\n    at ${kind} (friction)`,
      };
      if (at !== undefined) captureInput.phase = at;
      return run(captureInput);
    },
    providerFailure(provider, failureOptions = {}) {
      const id = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/.test(provider) ? provider : "unknown";
      if (!threshold(`provider:${id}`, failureOptions.threshold)) return undefined;
      const status = failureOptions.status;
      const statusFrame =
        status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599
          ? `\n    at http_${status} (provider)`
          : "";
      const captureInput: CaptureInput = {
        errorClass: "ProviderFailure",
        stack: `ProviderFailure\n    at provider_${id.replace(/[.-]/g, "_")} (provider)${statusFrame}`,
      };
      if (status === 429) captureInput.frictionKind = "rate_limit_loop";
      const at = failureOptions.phase ?? phase;
      if (at !== undefined) captureInput.phase = at;
      return run(captureInput);
    },
    decision() {
      return decide();
    },
  };
  return reporter;
}

// Where the host called process.exit (or set exitCode): our own frames and
// Node's internals say nothing about the host, so they are cut off.
function exitStack(): string {
  const lines = (new Error("exit").stack ?? "").split("\n").slice(1);
  const exitAt = lines.findIndex((line) => /\bprocess\.(?:exit|reallyExit)\b/.test(line));
  const rest = exitAt >= 0 ? lines.slice(exitAt + 1) : [];
  return ["NonZeroExit", ...rest.filter((line) => !line.includes("node:internal"))].join("\n");
}
