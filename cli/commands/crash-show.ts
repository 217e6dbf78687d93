import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { findReport } from "../store/report-store.js";
import { serializeReport } from "../store/save-report.js";
import { type CommandContext, commandHint } from "./command-context.js";

export function runCrashShow(ctx: CommandContext): ExitCode {
  const [id, ...extra] = ctx.positionals;
  if (id === undefined || extra.length > 0) {
    throw new CrashfixError(
      "USAGE",
      `usage: ${commandHint(ctx, "crash show <id>")} (ids are listed by \`${commandHint(ctx, "crash list")}\`)`,
    );
  }
  const entry = findReport(ctx.config.paths, id);
  if (entry.report === undefined) {
    throw new CrashfixError("REPORT_CORRUPT", entry.error ?? `${entry.file} is not a valid report`);
  }
  // Exactly the bytes `crash submit` sends, with or without --json.
  ctx.stdout.write(serializeReport(entry.report));
  return EXIT_CODES.OK;
}
