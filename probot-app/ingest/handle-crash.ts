import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { type Report, reportSchema, verifyFingerprint } from "../../redact/index.js";
import type { Metrics } from "../server/metrics.js";
import {
  type ReportSpool,
  SpoolFullError,
  SpoolUnconfirmedError,
  SpoolUnreachableError,
} from "../spool/report-spool.js";
import { contentHeaderProblem } from "./content-headers.js";
import { decodeJson } from "./decode-json.js";
import type { RateLimits } from "./rate-limits.js";
import { readBody } from "./read-body.js";
import { schemaIssueReason } from "./schema-issue-reason.js";
import { secondScrub } from "./second-scrub.js";
import { sendAnswer } from "./send-answer.js";

export type CrashHandlerDeps = {
  spool: ReportSpool;
  limits: RateLimits;
  metrics: Metrics;
  log: Logger;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  trustProxy: boolean;
  now?: () => number;
  /** Told of each report once it is spooled (after the second scrub), before the 202. */
  onAccepted?: (report: Report) => void;
};

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

// What a client (and an operator reading its output) learns from a 503:
// which of the two the spool is, never anything of the request.
export const SPOOL_FULL_ANSWER = "the spool is full: send the report again later";
export const SPOOL_UNAVAILABLE_ANSWER =
  "the spool cannot store the report now: send it again later";

// POST /v1/crash. Every well-formed report gets the same empty 202, known
// fingerprint or not, retry or not, and only after the spool holds it
// (fsync'd to the local spool, or stored in Redis as CRASHFIX_REDIS_WAIT
// asks). A report the spool cannot take gets 503 + Retry-After: the client
// keeps it and sends it again.
export function createCrashHandler(deps: CrashHandlerDeps) {
  const reject = (
    res: ServerResponse,
    status: number,
    reason: string,
    close = false,
    headers: Record<string, string> = {},
  ) => {
    deps.metrics.count(`rejected_${status}`);
    sendAnswer(res, status, reason, close ? { ...headers, connection: "close" } : headers);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ipWait = await deps.limits.consume("ip", clientIp(req, deps.trustProxy));
    if (ipWait !== undefined) {
      deps.metrics.count("rate_limited_ip");
      sendAnswer(res, 429, "too many reports", {
        "retry-after": String(ipWait),
        connection: "close",
      });
      req.resume();
      return;
    }
    const headerProblem = contentHeaderProblem(req);
    if (headerProblem) {
      reject(res, 415, headerProblem.reason, true, headerProblem.headers);
      req.resume();
      return;
    }
    const body = await readBody(req, {
      maxBytes: deps.maxBodyBytes,
      timeoutMs: deps.bodyTimeoutMs,
    });
    if (!body.ok) {
      reject(res, body.status, body.reason, true);
      return;
    }
    const decoded = decodeJson(body.body);
    if (!decoded.ok) {
      reject(res, 400, decoded.reason);
      return;
    }
    const parsed = reportSchema.safeParse(decoded.value);
    if (!parsed.success) {
      const reason = schemaIssueReason(reportSchema, parsed.error.issues, decoded.value);
      reject(res, 400, `not a schema 1 report: ${reason}`);
      return;
    }
    if (!verifyFingerprint(parsed.data)) {
      reject(res, 400, "fingerprint does not match the stack signature");
      return;
    }
    if (parsed.data.project_id_hash !== undefined) {
      const wait = await deps.limits.consume("project", parsed.data.project_id_hash);
      if (wait !== undefined) {
        deps.metrics.count("rate_limited_project");
        sendAnswer(res, 429, "too many reports", { "retry-after": String(wait) });
        return;
      }
    }
    const scrubbed = secondScrub(parsed.data);
    if (scrubbed.misses > 0) {
      deps.metrics.count("scrubber_misses", scrubbed.misses);
      for (const name of scrubbed.classes) deps.metrics.count(`scrubber_miss_${name}`);
      // Rule classes only, never the value.
      deps.log.warn({ classes: scrubbed.classes }, "scrubber miss: a client sent unscrubbed data");
    }
    let stored: Awaited<ReturnType<ReportSpool["accept"]>>;
    try {
      stored = await deps.spool.accept(scrubbed.report, (deps.now ?? Date.now)());
    } catch (error: unknown) {
      if (error instanceof SpoolFullError) {
        deps.metrics.count("spool_full");
        sendAnswer(res, 503, SPOOL_FULL_ANSWER, { "retry-after": "60" });
        return;
      }
      deps.metrics.count("spool_failures");
      // Redis unreachable or not confirming: logged once while it lasts
      // (redis/outage-log.ts, redis/confirm-log.ts), not once per report.
      if (!(error instanceof SpoolUnreachableError || error instanceof SpoolUnconfirmedError)) {
        deps.log.error({ err: error }, "cannot store the report; answering 503");
      }
      sendAnswer(res, 503, SPOOL_UNAVAILABLE_ANSWER, { "retry-after": "5" });
      return;
    }
    deps.metrics.count("accepted");
    if (stored === "duplicate") deps.metrics.count("duplicates_dropped");
    else deps.onAccepted?.(scrubbed.report);
    sendAnswer(res, 202);
  };
}
