import type { Logger } from "probot";
import type { TriageRepoAccess } from "./check-triage-repo.js";

/** Whether the flush can file into the triage repo, as GET /healthz shows it. */
export type FlushHealth =
  | { ok: true }
  | { ok: false; reason: string; fix: string; definite: boolean; holdsFiling: boolean };

export type TriageRepoWatch = {
  /** Undefined until the first check has answered. */
  health(): FlushHealth | undefined;
  /** Resolves once the first check has answered (or the watch stopped). */
  settled(): Promise<void>;
  stop(): void;
};

// While the triage repo is out of reach the check is repeated often enough
// that /healthz turns ok soon after the operator fixes it; while it is fine,
// rarely, to notice an App uninstalled later (three requests a check, against
// an installation's 5,000 an hour).
const RECHECK_FAILING_MS = 60_000;
const RECHECK_OK_MS = 15 * 60_000;

/**
 * Checks the triage repo now and then again on a timer, and says so in the
 * log once per change: an error line when GitHub refused (the operator must
 * act), a warning when GitHub did not answer (it may pass by itself). Reports
 * are accepted into the spool throughout; only their filing waits.
 */
export function watchTriageRepo(
  check: (signal: AbortSignal) => Promise<TriageRepoAccess>,
  log: Logger,
  timing: { failingMs?: number; okMs?: number } = {},
): TriageRepoWatch {
  const stopped = new AbortController();
  let health: FlushHealth | undefined;
  let timer: NodeJS.Timeout | undefined;
  let answered: () => void = () => {};
  const firstAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  stopped.signal.addEventListener("abort", () => answered());

  const run = async (): Promise<void> => {
    const access = await check(stopped.signal);
    if (stopped.signal.aborted) return;
    const before = health;
    if (access.ok) {
      health = { ok: true };
      if (before?.ok !== true) log.info("triage repo reachable: the App can file reports there");
    } else {
      health = healthOf(access);
      if (before?.ok !== false || before.reason !== access.reason) {
        const line = `the flush cannot file reports: ${access.reason}; ${access.fix}`;
        if (access.definite) log.error(line);
        else log.warn(line);
      }
    }
    answered();
    timer = setTimeout(
      tick,
      access.ok ? (timing.okMs ?? RECHECK_OK_MS) : (timing.failingMs ?? RECHECK_FAILING_MS),
    );
    // The watch never keeps a process alive on its own.
    timer.unref();
  };
  const tick = () => {
    run().catch((error: unknown) => {
      // Never a flusher left waiting for an answer that will not come.
      answered();
      log.error({ err: error }, "the triage repo check failed");
    });
  };
  tick();

  return {
    health: () => health,
    settled: () => firstAnswer,
    stop() {
      stopped.abort();
      clearTimeout(timer);
    },
  };
}

/** The flush's state after a triage repo check. */
export function healthOf(access: TriageRepoAccess): FlushHealth {
  if (access.ok) return { ok: true };
  const { reason, fix, definite } = access;
  return { ok: false, reason, fix, definite, holdsFiling: access.holdsFiling === true };
}

/** The flush's state as /healthz, which anyone who reaches the ingest can read, shows it. */
export type FlushHealthView =
  | { ok: true }
  | { ok: false; reason: string; details: "in the ingest's log, and from crashfix-server check" };

/**
 * The check's answer without the names in it: the triage repo's, the App
 * id, the GitHub URL. Those go to the log and to `check`, which only the
 * operator reads.
 */
export function healthzView(health: FlushHealth): FlushHealthView {
  if (health.ok) return health;
  let reason = "GitHub did not answer the triage repo check: reports wait in the spool";
  if (health.holdsFiling)
    reason = "the triage repo is public: reports wait in the spool until it is private";
  else if (health.definite)
    reason = "GitHub refused the triage repo check: reports wait in the spool";
  return { ok: false, reason, details: "in the ingest's log, and from crashfix-server check" };
}
