import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { sendAnswer, sendJson } from "../ingest/send-answer.js";
import { type AdminDeps, readAdminFingerprint } from "../server/handle-admin.js";
import { forgetOnGitHub } from "./forget-on-github.js";

// POST /v1/crash/forget {"fingerprint": "<64 hex>"} (admin bearer): deletion
// on request (docs/PRIVACY.md). The ingest's own copies go first (the
// spool's waiting reports and report ids, local or in Redis, then the
// caches), then GitHub's; the answer says what was done. Idempotent:
// asking again finishes what a failure left. The log says only that a
// deletion happened, never which fingerprint.
export function createForgetHandler(deps: AdminDeps & { log: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const fingerprint = await readAdminFingerprint(req, res, deps.adminToken);
    if (!fingerprint) return;
    let local: Awaited<ReturnType<typeof deps.spool.forget>>;
    try {
      local = await deps.spool.forget(fingerprint);
    } catch (error: unknown) {
      deps.log.warn({ err: error }, "a deletion on request could not reach the spool");
      sendAnswer(
        res,
        503,
        "the spool is busy or unreachable; nothing was deleted: send the same request again",
        { "retry-after": "5" },
      );
      return;
    }
    let github: Awaited<ReturnType<typeof forgetOnGitHub>>;
    try {
      github = await forgetOnGitHub(await deps.getOctokit(), deps.resolver, fingerprint);
    } catch (error: unknown) {
      deps.log.warn(
        { status: (error as { status?: unknown }).status },
        "a deletion on request could not reach GitHub",
      );
      sendAnswer(
        res,
        502,
        "the ingest's copies are gone; GitHub could not be reached or refused a change: send the same request again",
      );
      return;
    }
    deps.metrics.count("forgotten");
    deps.log.info("a fingerprint was forgotten on request");
    sendJson(res, 200, {
      spoolReports: local.reports,
      ledgerIds: local.ids,
      triageIssue: github.triageIssue,
      publicIssue: github.publicIssue,
    });
  };
}
