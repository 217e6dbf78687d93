import { copyFilesFix, missingCommandFile } from "../bin-path.js";
import { scrubber } from "../capture/scrubber.js";
import { scrubberLoadFailure } from "../capture/scrubber-unavailable.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { shownPath } from "../notice/format-crash-notice.js";
import { outboxNames } from "../store/report-store.js";
import { unwritableFolder } from "../store/unwritable-folder.js";
import { type CommandContext, decideFor, exitForConfigFile } from "./command-context.js";
import { reportingState } from "./reporting-state.js";

/**
 * Why this copy of crashfix cannot load its scrubber (so cannot capture),
 * or undefined when it can. Loaded for real: a file that is there but not
 * the scrubber counts too.
 */
function scrubberProblem(): string | undefined {
  try {
    scrubber();
    return undefined;
  } catch (error) {
    return scrubberLoadFailure(error);
  }
}

/**
 * Why queued reports would never leave in the background, or undefined
 * when they can. Only with an endpoint: without one nothing is ever sent.
 */
function sendProblem(ctx: CommandContext): string | undefined {
  if (ctx.config.endpoint === undefined) return undefined;
  const missing = missingCommandFile();
  return missing === undefined ? undefined : `${missing} is missing`;
}

/**
 * Why no report can be saved in this project (`.<app>/crash/` and its
 * outbox), with the fix, or undefined when one can.
 */
function reportFolderProblem(ctx: CommandContext): string | undefined {
  const folder = unwritableFolder(ctx.config.paths.outboxDir);
  if (folder === undefined) return undefined;
  return `${shownPath(ctx.cwd, folder.path)} ${folder.problem}: ${folder.fix}`;
}

export function runDoctor(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "doctor takes no arguments");
  const decision = decideFor(ctx);
  const pending = outboxNames(ctx.config.paths).length;
  const { word: state, reason } = reportingState(ctx, decision);
  const problem = scrubberProblem();
  const unsent = sendProblem(ctx);
  const unsaved = reportFolderProblem(ctx);
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({
        telemetry: state,
        reason,
        pending,
        scrubber: problem ?? "ok",
        background_send: unsent ?? (ctx.config.endpoint === undefined ? "no endpoint" : "ok"),
        reports: unsaved ?? "ok",
      })}\n`,
    );
  } else {
    ctx.stdout.write(`telemetry: ${state} (${reason}), crash buffer: ${pending} pending\n`);
    if (problem !== undefined) {
      ctx.stdout.write(
        `scrubber: ${problem}, so the code in that folder captures nothing and reads no report: ${copyFilesFix()}\n`,
      );
    }
    if (unsaved !== undefined) {
      ctx.stdout.write(`reports: none can be saved in this project: ${unsaved}\n`);
    }
    if (unsent !== undefined) {
      ctx.stdout.write(
        `background send: ${unsent}, so queued reports are not sent: ${copyFilesFix()}\n`,
      );
    }
  }
  if (problem !== undefined || unsent !== undefined || unsaved !== undefined) {
    return EXIT_CODES.FAILED;
  }
  return exitForConfigFile(ctx, EXIT_CODES.OK);
}
