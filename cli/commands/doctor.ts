import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { outboxNames } from "../store/report-store.js";
import { type CommandContext, decideFor } from "./command-context.js";

export function runDoctor(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "doctor takes no arguments");
  const decision = decideFor(ctx);
  const pending = outboxNames(ctx.config.paths).length;
  const state = decision.state === "first-run" ? "waiting" : decision.state;
  ctx.stdout.write(
    ctx.json
      ? `${JSON.stringify({ telemetry: state, reason: decision.reason, pending })}\n`
      : `telemetry: ${state} (${decision.reason}), crash buffer: ${pending} pending\n`,
  );
  return EXIT_CODES.OK;
}
