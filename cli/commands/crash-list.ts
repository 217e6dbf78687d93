import { closestMatch } from "../../command-line/closest-match.js";
import { installedApps } from "../config/find-app.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { fs, path } from "../node-builtins.js";
import { readCaptureFailures } from "../store/read-capture-failures.js";
import { listReports } from "../store/report-store.js";
import { unwritableFolder } from "../store/unwritable-folder.js";
import { type CommandContext, commandHint, paint } from "./command-context.js";

/** An app no host ever ran on this machine is likely a typo of one that did: say so. */
function warnUnknownApp(ctx: CommandContext): void {
  const { stateDir } = ctx.config.paths;
  if (fs.existsSync(stateDir)) return;
  const near = closestMatch(ctx.config.app, installedApps(path.dirname(stateDir)));
  ctx.stderr.write(
    `note: no host of "${ctx.config.app}" has run on this machine (there is no ${stateDir})${near ? `; did you mean --app ${near}?` : ""}\n`,
  );
}

/**
 * A capture that failed wrote no report, only a line in the capture log:
 * say so here, or an empty list reads as "nothing went wrong".
 */
function warnCaptureFailures(ctx: CommandContext): void {
  const { logFile } = ctx.config.paths;
  const failures = readCaptureFailures(logFile);
  if (failures === undefined) return;
  const { count, latestAt, latestCode } = failures;
  const failed = count === 1 ? "1 capture failed" : `${count} captures failed`;
  // The log holds codes only; doctor checks the files a capture needs.
  ctx.stderr.write(
    `warning: ${failed} and saved no report, the latest at ${latestAt} (${latestCode}); see ${logFile}; \`${commandHint(ctx, "crash doctor")}\` says why\n`,
  );
}

/**
 * What a list cannot show, on stderr: a folder where no report can be saved
 * (it lists as empty, or as only the reports from before it broke), and
 * captures that failed.
 */
function warnUnlisted(ctx: CommandContext): void {
  const blocked = unwritableFolder(ctx.config.paths.crashDir);
  if (blocked !== undefined) {
    ctx.stderr.write(
      `warning: crashes cannot be saved in ${ctx.config.paths.crashDir}: ${blocked.path} ${blocked.problem}; ${blocked.fix}\n`,
    );
  }
  warnCaptureFailures(ctx);
}

export function runCrashList(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "crash list takes no arguments");
  const entries = listReports(ctx.config.paths);
  if (ctx.json) {
    const rows = entries.map((entry) => ({
      id: entry.id,
      report_id: entry.report?.report_id ?? null,
      status: entry.status,
      captured_at: entry.report?.captured_at ?? null,
      error_class: entry.report?.error_class ?? null,
      top_frame: entry.report?.stack_signature[0] ?? null,
      fingerprint: entry.report?.fingerprint ?? null,
      file: entry.file,
      error: entry.error ?? null,
    }));
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    // On stderr: stdout stays the array of reports its readers parse.
    warnUnlisted(ctx);
    return EXIT_CODES.OK;
  }
  if (entries.length === 0) {
    ctx.stdout.write(`No crash reports in ${ctx.config.paths.crashDir}\n`);
    warnUnlisted(ctx);
    warnUnknownApp(ctx);
    return EXIT_CODES.OK;
  }
  const rows = entries.map((entry) => [
    entry.id,
    entry.report?.captured_at ?? "?",
    entry.report?.error_class ?? "(corrupt)",
    entry.report?.stack_signature[0] ?? "-",
    entry.error ? "corrupt" : entry.status,
  ]);
  const header = ["ID", "CAPTURED", "CLASS", "TOP FRAME", "STATUS"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  ctx.stdout.write(`${paint(ctx, "1", line(header))}\n`);
  for (const row of rows) ctx.stdout.write(`${line(row)}\n`);
  for (const entry of entries.filter((e) => e.error)) {
    ctx.stderr.write(`warning: ${entry.error}\n`);
  }
  warnUnlisted(ctx);
  if (ctx.config.command !== undefined) {
    ctx.stdout.write(`\nSee one: ${ctx.config.command} crash show <id>\n`);
  }
  return EXIT_CODES.OK;
}
