import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { flushOutbox } from "../outbox/flush-outbox.js";
import type { CommandContext } from "./command-context.js";

/** `crashfix __flush`: the detached background send a host starts; silent, best effort. */
export async function runFlush(ctx: CommandContext): Promise<ExitCode> {
  const result = await flushOutbox({
    config: ctx.config,
    env: ctx.env,
    cwd: ctx.cwd,
    fetch: ctx.fetch,
    now: ctx.now,
    timeoutMs: ctx.clientEnv.timeoutMs,
  });
  return result.failed.length === 0 && result.skipped === undefined
    ? EXIT_CODES.OK
    : EXIT_CODES.FAILED;
}
