import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { startOfRun } from "../reporter/start-of-run.js";
import { type CommandContext, optionValue } from "./command-context.js";

/**
 * `crashfix start`: a shell host's start (crashfix.sh runs it). The host
 * (`--pid`, else this command's parent) is what joins the first run. Prints
 * the variables the host must export for its children, one `NAME=value` a
 * line (crashfix.sh exports them).
 */
export function runStart(ctx: CommandContext): ExitCode {
  if (ctx.positionals.length > 0) throw new CrashfixError("USAGE", "start takes no arguments");
  const pid = optionValue(ctx, "pid") ?? String(process.ppid);
  if (!/^[1-9][0-9]{0,9}$/.test(pid)) {
    throw new CrashfixError("USAGE", "--pid must be a process id, like 4242");
  }
  const start = startOfRun({
    config: ctx.config,
    env: { ...ctx.env },
    clientEnv: ctx.clientEnv,
    cwd: ctx.cwd,
    stderr: ctx.stderr,
    now: ctx.now,
    pid: Number(pid),
    leaveOnExit: false,
    flush: true,
  });
  for (const [name, value] of Object.entries(start.exported)) {
    ctx.stdout.write(`${name}=${value}\n`);
  }
  return EXIT_CODES.OK;
}
