import type { FlushWorker } from "../worker/flush-worker.js";
import {
  type ReportIdLedger,
  type ReportSpool,
  SpoolFullError,
  SpoolUnavailableError,
} from "./report-spool.js";
import type { SpoolLog } from "./spool-log.js";

// The embedded default for one instance: reports are fsync'd to segment
// files on this machine (SpoolLog) and queued for the in-process worker,
// which drops a retry of a report it counted or holds (Ledger).
export function createLocalSpool(
  spool: SpoolLog,
  worker: FlushWorker,
  maxEntries: number,
): ReportSpool {
  return {
    async accept(report, receivedAt) {
      if (spool.depth >= maxEntries) throw new SpoolFullError(spool.depth);
      let entry: Awaited<ReturnType<SpoolLog["append"]>>;
      try {
        entry = await spool.append({ id: report.report_id, receivedAt, report });
      } catch (error: unknown) {
        throw new SpoolUnavailableError(`cannot write the spool in ${spool.dir}`, { cause: error });
      }
      return worker.enqueue(entry) ? "stored" : "duplicate";
    },
    depth: async () => spool.depth,
    forget: (fingerprint) => worker.forget(fingerprint),
    close: () => spool.close(),
  };
}

export function createLocalReportIds(worker: FlushWorker): ReportIdLedger {
  return { has: async (_fingerprint, reportId) => worker.has(reportId) };
}
