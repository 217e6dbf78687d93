import type { CommandContext } from "../command-context.js";
import { decideCollection } from "../decide-collection.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { countPending } from "./count-pending.js";

export function runDoctor(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "usage: doctor");
  const decision = decideCollection({
    envPrefix: ctx.config.envPrefix,
    configPath: ctx.config.paths.configFile,
    env: ctx.env,
  });
  const pending = countPending(ctx.config.paths);
  const state = decision.enabled ? "on" : "off";
  ctx.stdout.write(
    ctx.flags.json
      ? `${JSON.stringify({ telemetry: state, reason: decision.reason, pending })}\n`
      : `telemetry: ${state} (${decision.reason}), crash buffer: ${pending} pending\n`,
  );
  return EXIT_CODES.OK;
}
