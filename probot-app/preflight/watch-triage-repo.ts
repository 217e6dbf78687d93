import type { Logger } from "probot";
import type { TriageRepoAccess } from "./check-triage-repo.js";

/** Whether the flush can file into the triage repo, as GET /healthz shows it. */
export type FlushHealth = { ok: true } | { ok: false; reason: string; fix: string };

export type TriageRepoWatch = {
  /** Undefined until the first check has answered. */
  health(): FlushHealth | undefined;
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

  const run = async (): Promise<void> => {
    const access = await check(stopped.signal);
    if (stopped.signal.aborted) return;
    const before = health;
    if (access.ok) {
      health = { ok: true };
      if (before?.ok !== true) log.info("triage repo reachable: the App can file reports there");
    } else {
      health = { ok: false, reason: access.reason, fix: access.fix };
      if (before?.ok !== false || before.reason !== access.reason) {
        const line = `the flush cannot file reports: ${access.reason}; ${access.fix}`;
        if (access.definite) log.error(line);
        else log.warn(line);
      }
    }
    timer = setTimeout(
      tick,
      access.ok ? (timing.okMs ?? RECHECK_OK_MS) : (timing.failingMs ?? RECHECK_FAILING_MS),
    );
    // The watch never keeps a process alive on its own.
    timer.unref();
  };
  const tick = () => {
    run().catch((error: unknown) => log.error({ err: error }, "the triage repo check failed"));
  };
  tick();

  return {
    health: () => health,
    stop() {
      stopped.abort();
      clearTimeout(timer);
    },
  };
}
