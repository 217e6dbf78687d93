import type { CommandContext } from "../command-context.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { startOfRun } from "../start-of-run.js";

/** `crashfix start`: what a shell host runs once per start (disclosure, background flush). */
export function runStart(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "usage: start");
  startOfRun({
    config: ctx.config,
    rawConfig: ctx.rawConfig,
    env: ctx.env,
    cwd: ctx.cwd,
    stderr: ctx.stderr,
    now: ctx.now,
    flush: true,
  });
  return EXIT_CODES.OK;
}
