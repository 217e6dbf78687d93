import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { queueReport, type StoredReport } from "../store/report-store.js";
import type { CommandContext } from "./command-context.js";

/**
 * `crash submit` while the first run is still going: nothing leaves before
 * it has ended, but then these reports will, so each is queued (one kept on
 * this machine that the user named or asked for with --all joins them) and
 * no link to file it by hand is offered: an issue filed from it would
 * duplicate the one the send files. Exit 1: nothing was sent.
 */
export function queueUntilFirstRunEnds(
  ctx: CommandContext,
  targets: StoredReport[],
  why: string,
): ExitCode {
  for (const entry of targets) {
    if (entry.status === "local" && entry.report)
      queueReport(ctx.config.paths, entry, entry.report);
  }
  const queued = targets.map((entry) => entry.id);
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ sent: [], rejected: [], failed: [], skipped: why, manual: [], queued }, null, 2)}\n`,
    );
    return EXIT_CODES.FAILED;
  }
  ctx.stderr.write(`Not sent: ${why}.\n`);
  for (const id of queued) {
    ctx.stdout.write(
      `queued ${id}: it will be sent once the first run has ended, so there is no need to file it yourself\n`,
    );
  }
  return EXIT_CODES.FAILED;
}
