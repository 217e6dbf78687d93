import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { decideTransition, statusOf, withStatus } from "../../triage/index.js";
import { checkAdmin } from "../ingest/check-admin.js";
import { decodeJson } from "../ingest/decode-json.js";
import { readBody } from "../ingest/read-body.js";
import { sendAnswer, sendJson } from "../ingest/send-answer.js";
import type { ReportSpool } from "../spool/report-spool.js";
import { type TriageOctokit, toSnapshot } from "../worker/github-types.js";
import type { IssueResolver } from "../worker/issue-resolver.js";
import type { Metrics } from "./metrics.js";
import { readSpoolDepth } from "./read-spool-depth.js";

export type AdminDeps = {
  adminToken: string | undefined;
  metrics: Metrics;
  spool: ReportSpool;
  resolver: IssueResolver;
  getOctokit: () => Promise<TriageOctokit>;
};

const fingerprintSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});

export function createStatsHandler(deps: AdminDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!checkAdmin(req, deps.adminToken)) {
      sendAnswer(res, 401, "admin token required", { "www-authenticate": "Bearer" });
      return;
    }
    const spoolDepth = await readSpoolDepth(deps.spool, res);
    if (spoolDepth === undefined) return;
    sendJson(res, 200, {
      // This instance's counters; the depth is the spool's (with Redis,
      // every instance's).
      counters: deps.metrics.snapshot(),
      spoolDepth,
      uptimeSeconds: Math.round((Date.now() - deps.metrics.startedAt) / 1000),
      // CPU time of this process, so load tests can tell cost per report
      // apart from what other processes on the machine take.
      cpuMicros: process.cpuUsage(),
    });
  };
}

// An admin POST of {"fingerprint": "<64 hex>"}: the fingerprint, or
// undefined once the request was answered (no admin token, a body that is
// not that object).
export async function readAdminFingerprint(
  req: IncomingMessage,
  res: ServerResponse,
  adminToken: string | undefined,
): Promise<string | undefined> {
  if (!checkAdmin(req, adminToken)) {
    req.resume();
    sendAnswer(res, 401, "admin token required", { "www-authenticate": "Bearer" });
    return undefined;
  }
  const body = await readBody(req, { maxBytes: 1024, timeoutMs: 5_000 });
  if (!body.ok) {
    sendAnswer(res, body.status, body.reason, { connection: "close" });
    return undefined;
  }
  const decoded = decodeJson(body.body);
  const parsed = decoded.ok ? fingerprintSchema.safeParse(decoded.value) : undefined;
  if (!parsed?.success) {
    sendAnswer(res, 400, 'send {"fingerprint": "<64 hex>"}');
    return undefined;
  }
  return parsed.data.fingerprint;
}

// POST /v1/crash/promote {"fingerprint": "<64 hex>"}: marks the triage issue
// crash:confirmed, the state the promote workflow picks up. An issue already
// confirmed or further along (promoted, fix proposed, fixed) stays where it is:
// 200 with its status and `unchanged: true`.
export function createPromoteHandler(deps: AdminDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const fingerprint = await readAdminFingerprint(req, res, deps.adminToken);
    if (!fingerprint) return;
    const octokit = await deps.getOctokit();
    const issue = await deps.resolver.lookup(octokit, fingerprint);
    if (!issue) {
      sendAnswer(res, 404, "no triage issue for this fingerprint");
      return;
    }
    const status = statusOf(issue.labels);
    const decision = decideTransition(status, "crash:confirmed");
    if (decision === "stay") {
      sendJson(res, 200, { issue: issue.number, status, unchanged: true });
      return;
    }
    if (decision === "refuse") {
      sendAnswer(res, 409, `cannot promote an issue in ${status ?? "no status"}`);
      return;
    }
    const { data } = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...deps.resolver.repo,
      issue_number: issue.number,
      labels: withStatus(issue.labels, "crash:confirmed"),
    });
    deps.resolver.remember(fingerprint, toSnapshot(data));
    deps.metrics.count("promoted");
    sendJson(res, 200, { issue: issue.number, status: "crash:confirmed" });
  };
}
