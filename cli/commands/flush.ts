import type { CommandContext } from "../command-context.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { flushOutbox } from "../flush-outbox.js";

/** `crashfix __flush`: the detached background child; silent, best effort. */
export async function runFlush(ctx: CommandContext): Promise<ExitCode> {
  const result = await flushOutbox({
    config: ctx.config,
    env: ctx.env,
    fetch: ctx.fetch,
    now: ctx.now,
    timeoutMs: ctx.timeoutMs,
  });
  return result.failed.length === 0 && result.skipped === undefined
    ? EXIT_CODES.OK
    : EXIT_CODES.FAILED;
}
