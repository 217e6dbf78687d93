import { crashfixBinPath } from "../bin-path.js";
import { type CaptureInput, type CaptureResult, captureEvent } from "../capture/capture-event.js";
import { saveScrubberCode, scrubber } from "../capture/scrubber.js";
import {
  type CollectionDecision,
  decide,
  decideInputFor,
} from "../collection/decide-collection.js";
import { type HostEnv, readHostEnv } from "../config/read-client-env.js";
import type { CrashReporterConfig } from "../config/reporter-config.js";
import { type ResolvedConfig, resolveConfig } from "../config/resolve-config.js";
import { validateReporterConfig } from "../config/validate-config.js";
import { saveStartCode } from "../start/save-start-code.js";
import { exitStack } from "./exit-stack.js";
import { type FrictionKind, frictionCapture, providerCapture } from "./friction.js";
import { hostStderr } from "./host-stderr.js";
import { isCommandExitCode } from "./own-exit-codes.js";
import { pendingRejections } from "./pending-rejections.js";
import { claimProcess, processOwner, releaseProcess } from "./process-owner.js";
import { startOfRun } from "./start-of-run.js";

/** Where notices go; a `write` that returns false could not write the text (the notice then shows again next run). */
export type Writable = { write(text: string): unknown };

export type ReporterOptions = {
  env?: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
  stderr?: Writable;
  now?: () => number;
  /** Start the background flush of queued reports on install (default true). */
  flushOnStart?: boolean;
};

/**
 * Exit codes that are not crashes. 2 and 64 are usage errors (bash's
 * builtins, getopt-style tools, Python's argparse, Go's flag package and
 * Rust's clap exit 2 on a bad command line; sysexits.h names 64 EX_USAGE):
 * the user mistyped, the tool did not fail. 129, 130, 141 and 143 are
 * SIGHUP, SIGINT, SIGPIPE and SIGTERM by shell convention (128 + signal).
 */
export const DEFAULT_IGNORED_EXIT_CODES: readonly number[] = [2, 64, 129, 130, 141, 143];

export type InstallOptions = {
  /** Exit codes that are not crashes. Default: DEFAULT_IGNORED_EXIT_CODES. */
  ignoreExitCodes?: readonly number[];
};

export type CrashReporter = {
  readonly config: ResolvedConfig;
  /**
   * Hooks uncaught exceptions, unhandled rejections and nonzero exits; shows
   * the first-run notice. Idempotent. Does nothing when a reporter installed
   * earlier in this process (of any app) captures them: see `capturedBy`.
   */
  install(options?: InstallOptions): CrashReporter;
  /**
   * The app whose reporter captures this process's crashes: this one's app
   * after its install(), another's when that reporter installed first (this
   * install() then did nothing), undefined while none is installed.
   */
  readonly capturedBy: string | undefined;
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
  /** Whether data may leave the machine now: ask it before a host's own usage telemetry sends. */
  decision(): CollectionDecision;
};

/**
 * Checks the config (throws CrashfixError INVALID_CONFIG naming each bad
 * key, so a broken config fails in the host author's first run) and returns
 * a reporter that does nothing until `install()`.
 */
export function createCrashReporter(
  input: CrashReporterConfig,
  options: ReporterOptions = {},
): CrashReporter {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  // Where the tool's own files are is judged from its main script as it started.
  const mainScript = process.argv[1];
  const now = options.now ?? Date.now;
  const stderr = options.stderr ?? hostStderr;
  const clientEnv: HostEnv = readHostEnv(env);
  const config = resolveConfig(validateReporterConfig(input), {
    cwd,
    home: options.home ?? clientEnv.home,
  });

  let installed = false;
  /** This reporter, as the process's one (process-owner.ts). */
  const owner = { app: config.app };
  let phase: string | undefined;
  let fatalCaptured = false;
  let lastAutomatic:
    | { result: Extract<CaptureResult, { ok: true }>; exitCode?: number }
    | undefined;
  /** The code of an automatic capture that saved nothing: the exit says so when none saved. */
  let failedCode: string | undefined;
  /** The collection state a capture in the ending process read: the exit notice's too. */
  let endingState: CollectionDecision["state"] | undefined;
  let ignored = new Set<number>(DEFAULT_IGNORED_EXIT_CODES);
  const counts = new Map<string, number>();

  const decideNow = (): CollectionDecision => decide(decideInputFor(config, env, clientEnv));

  const run = (captureInput: CaptureInput, ending = false): CaptureResult => {
    try {
      const withPhase =
        captureInput.phase === undefined && phase !== undefined
          ? { ...captureInput, phase }
          : captureInput;
      const { state } = decideNow();
      if (ending) endingState = state;
      return captureEvent({ config, state, cwd, now, ending, mainScript }, withPhase);
    } catch {
      return { ok: false, code: "CAPTURE_FAILED" };
    }
  };

  const remember = (result: CaptureResult, exitCode?: number): void => {
    if (result.ok) lastAutomatic = exitCode === undefined ? { result } : { result, exitCode };
    else failedCode = result.code;
  };

  const onFatal = (error: unknown, origin?: string): void => {
    try {
      // With no uncaughtException listener of the host's, Node exits with 1.
      const dying = process.listenerCount("uncaughtException") === 0;
      // A rejection with a value that is no error reaches here as Node's own
      // wrapper (ERR_UNHANDLED_REJECTION, its frames all Node's): the report
      // says what was rejected, a value that is no error.
      const input: CaptureInput =
        origin === "unhandledRejection" &&
        (error as { code?: unknown } | null)?.code === "ERR_UNHANDLED_REJECTION"
          ? { error, errorClass: "NonError" }
          : { error };
      remember(dying ? run({ ...input, exitCode: 1 }, true) : run(input));
      fatalCaptured = true;
    } catch {
      // never throw into the host's crash path
    }
  };

  // Captured as the process ends, so one the host handles later is not.
  const rejections = pendingRejections();
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    try {
      rejections.add(reason, promise);
    } catch {
      // never throw into the host's rejection handling
    }
  };

  // onRejection listens only while the host has an unhandledRejection
  // listener of its own: any listener stops Node from crashing on a
  // rejection, so ours alone would change what the host does. A host may add
  // its listener after install() (the README's order) or remove it later.
  const observing = () => process.listeners("unhandledRejection").includes(onRejection);
  const hostListeners = () =>
    process.listeners("unhandledRejection").filter((listener) => listener !== onRejection).length;
  let addingObserver = false;
  const onListenerAdded = (event: string | symbol): void => {
    // Emitted before the host's listener is added; ours then runs first.
    if (event !== "unhandledRejection" || addingObserver || observing()) return;
    addingObserver = true;
    try {
      process.on("unhandledRejection", onRejection);
    } finally {
      addingObserver = false;
    }
  };
  const onListenerRemoved = (event: string | symbol): void => {
    // Emitted after the removal.
    if (event === "unhandledRejection" && observing() && hostListeners() === 0) {
      process.off("unhandledRejection", onRejection);
    }
  };

  const captureAtExit = (code: number): void => {
    try {
      const unhandled = rejections.takeAtExit();
      for (const { reason, endedRun } of unhandled) {
        // One whose handling set the exit code carries it, as an uncaught
        // exception's report carries Node's 1.
        remember(
          run(endedRun && code !== 0 ? { error: reason, exitCode: code } : { error: reason }, true),
        );
      }
      const failing = code !== 0 && !ignored.has(code) && !isCommandExitCode(code);
      // An exit already reported: an uncaught exception's, or one a
      // rejection's handling made (its report is that incident's).
      const reported = fatalCaptured || unhandled.some((rejection) => rejection.endedRun);
      if (failing && !reported) {
        remember(
          run({ errorClass: "NonZeroExit", exitCode: code, stack: exitStack() }, true),
          code,
        );
      }
      // A capture in a run that ends well (a rejection the host only logged)
      // is told of too: the user learns of every report, sent or kept.
      if (lastAutomatic === undefined) {
        // Nothing saved, so not even the capture log (it lives in the same
        // folder) tells the user: one line does, and names doctor.
        if (failedCode !== undefined) {
          stderr.write(
            scrubber().formatCaptureFailure({
              displayName: config.displayName,
              command: config.command,
              code: failedCode,
              outboxDir: config.paths.outboxDir,
              cwd,
            }),
          );
        }
        return;
      }
      // Read again unless this ending process just read it for its capture.
      const state = endingState ?? decideNow().state;
      stderr.write(
        // From the scrubber's bundle, which the capture loaded: compiled code.
        scrubber().formatCrashNotice({
          displayName: config.displayName,
          command: config.command,
          id: lastAutomatic.result.id,
          file: lastAutomatic.result.file,
          cwd,
          exitCode: lastAutomatic.exitCode,
          queued: lastAutomatic.result.queued,
          unrecordedIn: lastAutomatic.result.unrecordedIn,
          hasEndpoint: config.endpoint !== undefined,
          // Looked for only where it matters: a report kept locally is sent by no one.
          backgroundSend: lastAutomatic.result.queued && crashfixBinPath() !== undefined,
          state,
          ci: clientEnv.ci,
        }),
      );
    } catch {
      // the host is exiting; stay out of its way
    } finally {
      // Where this ending process captured: its compiled scrubber, notice included.
      saveScrubberCode();
    }
  };
  const onExit = (code: number): void => {
    captureAtExit(code);
    // The start code's cache, with the capture's code where one ran.
    saveStartCode(lastAutomatic !== undefined);
  };

  const counted = (key: string, limit: number | undefined): boolean => {
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return count === Math.max(1, limit ?? 3);
  };

  const reporter: CrashReporter = {
    config,
    install(installOptions = {}) {
      if (installed || !claimProcess(owner)) return reporter;
      installed = true;
      ignored = new Set(installOptions.ignoreExitCodes ?? DEFAULT_IGNORED_EXIT_CODES);
      try {
        startOfRun({
          config,
          env,
          clientEnv,
          cwd,
          stderr,
          now,
          pid: process.pid,
          leaveOnExit: true,
          flush: options.flushOnStart !== false,
        });
      } catch {
        // notice or flush trouble must never stop the host from starting
      }
      // The monitor observes without changing what Node does next: the
      // default handler still prints the error and exits with 1, and a
      // host's own uncaughtException handlers still run.
      process.on("uncaughtExceptionMonitor", onFatal);
      // First, so it sees the rejection before a host's listener exits on it.
      if (hostListeners() > 0) process.prependListener("unhandledRejection", onRejection);
      process.on("newListener", onListenerAdded);
      process.on("removeListener", onListenerRemoved);
      process.on("exit", onExit);
      return reporter;
    },
    uninstall() {
      process.off("uncaughtExceptionMonitor", onFatal);
      process.off("newListener", onListenerAdded);
      process.off("removeListener", onListenerRemoved);
      process.off("unhandledRejection", onRejection);
      process.off("exit", onExit);
      rejections.clear();
      installed = false;
      releaseProcess(owner);
    },
    get capturedBy() {
      return processOwner()?.app;
    },
    setPhase(next) {
      phase = next;
    },
    capture(error, captureOptions = {}) {
      return run({ error, ...captureOptions });
    },
    friction(kind, frictionOptions = {}) {
      const at = frictionOptions.phase ?? phase;
      if (!counted(`friction:${kind}:${at ?? ""}`, frictionOptions.threshold)) return undefined;
      return run(frictionCapture(kind, at));
    },
    providerFailure(provider, failureOptions = {}) {
      const capture = providerCapture(
        provider,
        failureOptions.status,
        failureOptions.phase ?? phase,
      );
      if (!counted(`provider:${capture.provider}`, failureOptions.threshold)) return undefined;
      return run(capture.input);
    },
    decision() {
      return decideNow();
    },
  };
  return reporter;
}
