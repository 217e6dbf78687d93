import type { Report } from "../../redact/index.js";
import { buildIssueUrl } from "../build-issue-url.js";
import type { CommandContext } from "../command-context.js";
import { readConfigFile } from "../config-file.js";
import { decideCollection } from "../decide-collection.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { flushOutbox } from "../flush-outbox.js";
import {
  findReport,
  listReports,
  queueReport,
  type StoredReport,
  serializeReport,
} from "../report-store.js";
import { startOfRun } from "../start-of-run.js";

type Manual = { id: string; payload: string; url: string | null };

function pickTargets(ctx: CommandContext): StoredReport[] {
  const [id, ...extra] = ctx.positionals;
  if (extra.length > 0 || (id !== undefined && ctx.flags.all)) {
    throw new CrashfixError("USAGE", "usage: crash submit [<id>|--all]");
  }
  if (id !== undefined) {
    const entry = findReport(ctx.config.paths, id);
    if (entry.report === undefined) {
      throw new CrashfixError(
        "REPORT_CORRUPT",
        entry.error ?? `${entry.file} is not a valid report`,
      );
    }
    return [entry];
  }
  const all = listReports(ctx.config.paths);
  for (const entry of all.filter((e) => e.error)) ctx.stderr.write(`skipped: ${entry.error}\n`);
  return all.filter(
    (e) => e.report !== undefined && (e.status === "pending" || e.status === "local"),
  );
}

export async function runCrashSubmit(ctx: CommandContext): Promise<ExitCode> {
  const targets = pickTargets(ctx);
  if (targets.length === 0) {
    ctx.stdout.write(
      ctx.flags.json
        ? `${JSON.stringify({ sent: [], rejected: [], failed: [], manual: [] })}\n`
        : "Nothing to submit.\n",
    );
    return EXIT_CODES.OK;
  }
  const { config } = ctx;
  // The first-run notice comes before anything can leave, even here.
  const start = startOfRun({
    config,
    rawConfig: ctx.rawConfig,
    env: ctx.env,
    cwd: ctx.cwd,
    stderr: ctx.stderr,
    now: ctx.now,
    flush: false,
  });
  const configFile = readConfigFile(config.paths.configFile);
  const decision = decideCollection({
    envPrefix: config.envPrefix,
    configPath: config.paths.configFile,
    env: ctx.env,
    configFile,
  });
  const canSend =
    decision.enabled &&
    config.endpoint !== undefined &&
    !start.disclosureShownNow &&
    configFile.values.DISCLOSURE_SHOWN === "true";

  if (!canSend) {
    const why = !decision.enabled
      ? `collection is off (${decision.reason})`
      : start.disclosureShownNow || configFile.values.DISCLOSURE_SHOWN !== "true"
        ? "the notice above was just shown; nothing is sent in the same run (run this again to send)"
        : "no endpoint is configured";
    return printManual(ctx, targets, why);
  }

  for (const entry of targets) {
    if (entry.status === "local" && entry.report) queueReport(config.paths, entry, entry.report);
  }
  const result = await flushOutbox({
    config,
    env: ctx.env,
    fetch: ctx.fetch,
    now: ctx.now,
    maxReports: 100,
    ignoreBackoff: true,
    timeoutMs: ctx.timeoutMs,
    names: targets.map((entry) => entry.name),
  });
  const idOf = (name: string) => name.slice(-13, -5);
  if (ctx.flags.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          sent: result.sent.map(idOf),
          rejected: result.rejected.map((r) => ({ id: idOf(r.name), reason: r.reason })),
          failed: result.failed.map((r) => ({ id: idOf(r.name), reason: r.reason })),
          skipped: result.skipped ?? null,
          manual: [],
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const name of result.sent) ctx.stdout.write(`sent ${idOf(name)}\n`);
    for (const r of result.rejected) ctx.stdout.write(`rejected ${idOf(r.name)}: ${r.reason}\n`);
    for (const r of result.failed) {
      ctx.stdout.write(`not sent ${idOf(r.name)}: ${r.reason}; it stays queued\n`);
    }
    if (result.skipped) ctx.stderr.write(`not sent: ${result.skipped}\n`);
  }
  const done =
    result.skipped === undefined && result.failed.length === 0 && result.rejected.length === 0;
  const attempted = result.sent.length + result.failed.length + result.rejected.length;
  return done && attempted === targets.length ? EXIT_CODES.OK : EXIT_CODES.FAILED;
}

function printManual(ctx: CommandContext, targets: StoredReport[], why: string): ExitCode {
  const repo = ctx.config.repo;
  const manual: Manual[] = targets.map((entry) => {
    const report = entry.report as Report;
    const payload = serializeReport(report);
    return { id: entry.id, payload, url: repo ? buildIssueUrl(repo, report, payload) : null };
  });
  if (ctx.flags.json) {
    ctx.stdout.write(
      `${JSON.stringify({ sent: [], rejected: [], failed: [], skipped: why, manual }, null, 2)}\n`,
    );
    return EXIT_CODES.OK;
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
  return EXIT_CODES.OK;
}
