import type { ServerResponse } from "node:http";
import { sendJson } from "../ingest/send-answer.js";
import type { ReportSpool } from "../spool/report-spool.js";

// The spool's depth, or undefined once a 503 went out because the spool
// cannot be read (Redis unreachable: reports sent now would get 503 too).
// Not logged: the outage has its own line (redis/outage-log.ts).
export async function readSpoolDepth(
  spool: ReportSpool,
  res: ServerResponse,
): Promise<number | undefined> {
  try {
    return await spool.depth();
  } catch {
    sendJson(res, 503, { ok: false, reason: "spool unreachable" });
    return undefined;
  }
}
