import { scrubber } from "../capture/scrubber.js";
import { SCRUBBER_FIX, scrubberLoadFailure } from "../capture/scrubber-unavailable.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { outboxNames } from "../store/report-store.js";
import { type CommandContext, decideFor } from "./command-context.js";

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

export function runDoctor(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "doctor takes no arguments");
  const decision = decideFor(ctx);
  const pending = outboxNames(ctx.config.paths).length;
  const state = decision.state === "first-run" ? "waiting" : decision.state;
  const problem = scrubberProblem();
  if (ctx.json) {
    const scrubberState = problem ?? "ok";
    ctx.stdout.write(
      `${JSON.stringify({ telemetry: state, reason: decision.reason, pending, scrubber: scrubberState })}\n`,
    );
  } else {
    ctx.stdout.write(
      `telemetry: ${state} (${decision.reason}), crash buffer: ${pending} pending\n`,
    );
    if (problem !== undefined) {
      ctx.stdout.write(`scrubber: ${problem}, so nothing is captured: ${SCRUBBER_FIX}\n`);
    }
  }
  return problem === undefined ? EXIT_CODES.OK : EXIT_CODES.FAILED;
}
