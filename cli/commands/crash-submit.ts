import type { Report } from "../../redact/capture.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { excerpt, flushOutbox } from "../outbox/flush-outbox.js";
import { withdrawQueuedBeforeOptOut } from "../outbox/queued-before-opt-out.js";
import { startOfRun } from "../reporter/start-of-run.js";
import {
  findReport,
  idOfName,
  listReports,
  outboxNames,
  queueReport,
  rejectionReason,
  type StoredReport,
  statusOf,
} from "../store/report-store.js";
import { serializeReport } from "../store/save-report.js";
import { buildIssueUrl } from "./build-issue-url.js";
import {
  type CommandContext,
  commandHint,
  configFileProblem,
  decideFor,
  exitForConfigFile,
} from "./command-context.js";
import { queueUntilFirstRunEnds } from "./queue-until-first-run-ends.js";

type Picked = {
  entries: StoredReport[];
  /** Why reports kept on this machine were left out, when there are any. */
  leftOut?: string;
};

function pickTargets(ctx: CommandContext): Picked {
  const [id, ...extra] = ctx.positionals;
  if (extra.length > 0 || (id !== undefined && ctx.options.all === true)) {
    throw new CrashfixError("USAGE", `usage: ${commandHint(ctx, "crash submit [<id>|--all]")}`);
  }
  if (id !== undefined) {
    const entry = findReport(ctx.config.paths, id);
    if (entry.report === undefined) {
      throw new CrashfixError(
        "REPORT_CORRUPT",
        entry.error ?? `${entry.file} is not a valid report`,
      );
    }
    return { entries: [entry] };
  }
  // A plain `crash submit` sends what is queued, but not what was queued
  // before the user last ran `telemetry off`: kept on this machine, it is
  // counted with the reports below and leaves when named or with --all.
  if (ctx.options.all !== true)
    withdrawQueuedBeforeOptOut(ctx.config.paths, outboxNames(ctx.config.paths));
  const all = listReports(ctx.config.paths);
  for (const entry of all.filter((e) => e.error)) ctx.stderr.write(`skipped: ${entry.error}\n`);
  const readable = all.filter((e) => e.report !== undefined);
  // Reports kept on this machine (captured while collection was off or with
  // no endpoint, or taken out of the outbox by or since `telemetry off`) leave only
  // when the user names them or asks for --all.
  const local = readable.filter((e) => e.status === "local");
  const pending = readable.filter((e) => e.status === "pending");
  if (ctx.options.all === true) return { entries: [...pending, ...local] };
  if (local.length === 0) return { entries: pending };
  const leftOut = localReportsNote(ctx, local.length);
  ctx.stderr.write(`${leftOut}\n`);
  return { entries: pending, leftOut };
}

/**
 * Why reports kept on this machine were left, and what would send them: a
 * user told to name one while nothing can be sent would name one in vain.
 */
function localReportsNote(ctx: CommandContext, count: number): string {
  const kept = `${count === 1 ? "1 report" : `${count} reports`} kept on this machine`;
  const one = count === 1 ? "it" : "one";
  const decision = ctx.config.endpoint === undefined ? undefined : decideFor(ctx);
  const unsendable =
    decision === undefined
      ? `${ctx.config.displayName} has no endpoint configured`
      : decision.state === "off"
        ? `collection is off (${decision.reason})`
        : undefined;
  if (unsendable !== undefined) {
    return `${kept}: ${unsendable}, so none is sent; \`${commandHint(ctx, "crash submit <id>")}\` prints ${one} with a link to file it by hand`;
  }
  return `${kept} while collection was off or no endpoint was set ${count === 1 ? "is" : "are"} not sent; name ${one} or use --all`;
}

/**
 * Exit 3 when `~/.<app>/config` is what stops the send (a file that cannot
 * be read or parsed, or an unrecognised value, turns collection off), else 1.
 */
function notSentCode(ctx: CommandContext): ExitCode {
  return ctx.config.endpoint === undefined
    ? EXIT_CODES.FAILED
    : exitForConfigFile(ctx, EXIT_CODES.FAILED);
}

/**
 * `crash submit`: sends now. Exit 0 only when every chosen report was sent,
 * or when no report waits and none is kept; otherwise 1 (3 when the config file
 * stops it), with the real reason nothing (or not everything) went out.
 * When a report cannot be sent, it is printed with a prefilled GitHub issue
 * link, so the user can file it by hand.
 */
export async function runCrashSubmit(ctx: CommandContext): Promise<ExitCode> {
  const { entries: picked, leftOut } = pickTargets(ctx);
  // One named by id that went out before: say so rather than send it again.
  const sentBefore = picked.filter((e) => e.status === "sent");
  if (!ctx.json) for (const entry of sentBefore) ctx.stdout.write(`already sent ${entry.id}\n`);
  const targets = picked.filter((e) => e.status !== "sent");
  if (targets.length === 0 && picked.length > 0) {
    if (ctx.json) {
      ctx.stdout.write(
        `${JSON.stringify({ sent: [], rejected: [], failed: [], manual: [], already_sent: sentBefore.map((e) => e.id) })}\n`,
      );
    }
    return EXIT_CODES.OK;
  }
  if (targets.length === 0) {
    // Reports are here but none is sent, for the reason the note above gave.
    if (leftOut !== undefined) {
      if (ctx.json) {
        ctx.stdout.write(
          `${JSON.stringify({ sent: [], rejected: [], failed: [], skipped: leftOut, manual: [] })}\n`,
        );
      }
      return notSentCode(ctx);
    }
    ctx.stdout.write(
      ctx.json
        ? `${JSON.stringify({ sent: [], rejected: [], failed: [], manual: [] })}\n`
        : "Nothing to submit: no report waits to be sent.\n",
    );
    // Nothing waits, but a config file that cannot be read would stop the
    // next one: said now, with exit 3, as telemetry status and doctor do.
    // Its own words, whatever else may also have turned collection off.
    const problem = configFileProblem(ctx);
    if (problem === undefined) return EXIT_CODES.OK;
    ctx.stderr.write(`collection is off (${problem})\n`);
    return EXIT_CODES.CONFIG;
  }
  const { config } = ctx;
  // The first-run notice comes before anything can leave, even here; a run
  // that shows it is the first run, and sends nothing.
  const start = startOfRun({
    config,
    env: ctx.env,
    clientEnv: ctx.clientEnv,
    cwd: ctx.cwd,
    stderr: ctx.stderr,
    now: ctx.now,
    pid: process.pid,
    leaveOnExit: true,
    flush: false,
  });
  if (config.endpoint === undefined) {
    return printManual(
      ctx,
      targets,
      `${config.displayName} has no endpoint configured, so reports stay on this machine`,
    );
  }
  if (start.decision.state === "off") {
    return printManual(
      ctx,
      targets,
      `collection is off (${start.decision.reason})`,
      notSentCode(ctx),
    );
  }
  if (!start.decision.enabled) {
    const why = start.disclosureShownNow
      ? "the first-run notice above was just shown, and nothing is sent before this run has ended; run this command again to send"
      : start.decision.reason;
    return queueUntilFirstRunEnds(ctx, targets, why);
  }

  for (const entry of targets) {
    if (entry.status === "local" && entry.report) queueReport(config.paths, entry, entry.report);
  }
  const result = await flushOutbox({
    config,
    env: ctx.env,
    cwd: ctx.cwd,
    fetch: ctx.fetch,
    now: ctx.now,
    maxReports: 100,
    ignoreBackoff: true,
    timeoutMs: ctx.clientEnv.timeoutMs,
    names: targets.map((entry) => entry.name),
    // The host's start may have begun a background send of these very reports.
    waitForLockMs: ctx.clientEnv.timeoutMs,
  });
  // Reports that send handled while this one waited count as it left them.
  const handled = new Set([
    ...result.sent,
    ...result.rejected.map((r) => r.name),
    ...result.failed.map((r) => r.name),
  ]);
  for (const entry of targets) {
    if (handled.has(entry.name)) continue;
    const status = statusOf(config.paths, entry.name);
    if (status === "sent") result.sent.push(entry.name);
    else if (status === "rejected") {
      // That send's own reason (the ingest's, or crashfix's before it
      // sent), once it has written it.
      const why = excerpt(rejectionReason(config.paths, entry.name) ?? "");
      result.rejected.push({
        name: entry.name,
        reason: `refused during a send already running${why === "" ? "" : `: ${why}`}`,
      });
    } else if (result.failed.length > 0 && !result.skipped)
      // Sending stops at the first failure that would hit the rest alike.
      result.failed.push({ name: entry.name, reason: "not tried after the failure above" });
  }
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          sent: result.sent.map(idOfName),
          rejected: result.rejected.map((r) => ({ id: idOfName(r.name), reason: r.reason })),
          failed: result.failed.map((r) => ({ id: idOfName(r.name), reason: r.reason })),
          skipped: result.skipped ?? null,
          manual: [],
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const name of result.sent) ctx.stdout.write(`sent ${idOfName(name)}\n`);
    for (const r of result.rejected) {
      ctx.stdout.write(`rejected ${idOfName(r.name)}: ${r.reason}\n`);
    }
    // A report kept on this machine until now was queued by this submit:
    // "stays queued" would tell its user it had been waiting all along.
    const keptBefore = new Set(targets.filter((e) => e.status === "local").map((e) => e.name));
    for (const r of result.failed) {
      const next = keptBefore.has(r.name)
        ? "it is queued and will be sent by a later start"
        : "it stays queued";
      ctx.stdout.write(`not sent ${idOfName(r.name)}: ${r.reason}; ${next}\n`);
    }
    if (result.skipped) ctx.stderr.write(`Not sent: ${result.skipped}.\n`);
  }
  return result.sent.length === targets.length ? EXIT_CODES.OK : EXIT_CODES.FAILED;
}

function printManual(
  ctx: CommandContext,
  targets: StoredReport[],
  why: string,
  code: ExitCode = EXIT_CODES.FAILED,
): ExitCode {
  const repo = ctx.config.repo;
  const manual = targets.map((entry) => {
    const report = entry.report as Report;
    const payload = serializeReport(report);
    return { id: entry.id, payload, url: repo ? buildIssueUrl(repo, report, payload) : null };
  });
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ sent: [], rejected: [], failed: [], skipped: why, manual }, null, 2)}\n`,
    );
    return code;
  }
  ctx.stderr.write(`Not sent: ${why}.\n`);
  for (const item of manual) {
    ctx.stdout.write(`\nReport ${item.id}, exactly what would be sent:\n${item.payload}`);
    ctx.stdout.write(
      item.url
        ? `To file it yourself, open:\n${item.url}\n`
        : "Set the app's repo (CRASHFIX_REPO or --config) to get a prefilled GitHub issue link.\n",
    );
  }
  return code;
}
