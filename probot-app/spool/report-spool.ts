import type { Report } from "../../redact/index.js";

// What the ingest needs from where accepted reports wait to be counted. Two
// implementations: the local spool (a directory on this machine, the default
// for one instance) and the Redis stream (instances keep no state of their
// own). Either way a report is answered 202 only once `accept` resolves.
export type ReportSpool = {
  // Resolves once the report is durable as configured, or once it is known
  // to be a client's retry of a report already spooled or counted (it is
  // then dropped: "duplicate"). Rejects with SpoolFullError or
  // SpoolUnavailableError; the caller answers 503 and the client retries.
  accept(report: Report, receivedAt: number): Promise<"stored" | "duplicate">;
  // Reports accepted and not yet counted on GitHub.
  depth(): Promise<number>;
  // Forgetting on request: drops every report of the fingerprint that is
  // not counted yet and the report ids remembered for it, once no flush of
  // the fingerprint is under way (none is left half-written); resolves to
  // how many of each were dropped. Rejects with SpoolUnavailableError.
  forget(fingerprint: string): Promise<{ reports: number; ids: number }>;
  close(): Promise<void>;
};

// The report ids the ingest remembers so that a client's retry of a report
// is counted once (the client sends report_id as its idempotency key).
export type ReportIdLedger = {
  // Whether a report with this id was already accepted or counted.
  has(fingerprint: string, reportId: string): Promise<boolean>;
};

// Drains a spool to GitHub: on a timer in a long-running server, or one pass
// at a time when a scheduler calls the flush entry point.
export type Flusher = {
  start(): void;
  stop(): Promise<void>;
  flushOnce(): Promise<unknown>;
};

export class SpoolFullError extends Error {
  readonly code = "SPOOL_FULL";
  constructor(depth: number) {
    super(`the spool holds ${depth} reports, its limit (CRASHFIX_MAX_SPOOL_ENTRIES)`);
    this.name = "SpoolFullError";
  }
}

// Redis unreachable, or a WAITAOF/WAIT that did not get the acknowledgements
// CRASHFIX_REDIS_WAIT asks for: the report may not be stored as promised.
export class SpoolUnavailableError extends Error {
  readonly code = "SPOOL_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpoolUnavailableError";
  }
}

// Redis cannot be reached at all: an outage the instance's connections log
// once (redis/outage-log.ts), so a request it fails logs nothing more.
export class SpoolUnreachableError extends SpoolUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpoolUnreachableError";
  }
}

// Redis took the report but did not confirm it as CRASHFIX_REDIS_WAIT asks
// within the timeout: a state the spool logs once (redis/confirm-log.ts),
// so a request it fails logs nothing more.
export class SpoolUnconfirmedError extends SpoolUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpoolUnconfirmedError";
  }
}
