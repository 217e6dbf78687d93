import { type CaptureInput, captureEvent } from "../capture-event.js";
import type { CommandContext } from "../command-context.js";
import { decideCollection } from "../decide-collection.js";
import { isCI } from "../detect-ci.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { formatCrashNotice } from "../format-crash-notice.js";

const CLASS = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const PHASE = /^[A-Za-z0-9_.:-]{1,40}$/;
// Bash FUNCNAME entries: function names, never command text.
const FRAME = /^[A-Za-z_][A-Za-z0-9_:.-]{0,80}$/;
const FRICTION = new Set(["retry_loop", "rate_limit_loop", "gate_failure"]);

/** `crashfix capture`: the shell route's way to record a failure. */
export function runCapture(ctx: CommandContext): ExitCode {
  const { flags } = ctx;
  if (ctx.positionals.length > 0) {
    throw new CrashfixError(
      "USAGE",
      "capture takes no arguments; pass the details as flags (never the command text)",
    );
  }
  if (ctx.config.version === undefined) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      "capture needs the app's version: set CRASHFIX_VERSION or use --config",
    );
  }
  const input: CaptureInput = { errorClass: flags.class ?? "NonZeroExit" };
  if (!CLASS.test(input.errorClass as string)) {
    throw new CrashfixError("USAGE", "--class must be a name like NonZeroExit or CommandNotFound");
  }
  if (flags.exitCode !== undefined) {
    const code = Number(flags.exitCode);
    if (!/^\d{1,3}$/.test(flags.exitCode) || code < 1 || code > 255) {
      throw new CrashfixError("USAGE", "--exit-code must be a whole number from 1 to 255");
    }
    input.exitCode = code;
  }
  if (flags.phase !== undefined) {
    if (!PHASE.test(flags.phase)) {
      throw new CrashfixError("USAGE", "--phase must be a short name like ACT or iteration-3");
    }
    input.phase = flags.phase;
  }
  if (flags.friction !== undefined) {
    if (!FRICTION.has(flags.friction)) {
      throw new CrashfixError(
        "USAGE",
        "--friction must be retry_loop, rate_limit_loop or gate_failure",
      );
    }
    input.frictionKind = flags.friction as NonNullable<CaptureInput["frictionKind"]>;
  }
  const frames = (flags.frames ?? "")
    .split(",")
    .map((frame) => frame.trim())
    .filter((frame) => frame !== "")
    .slice(0, 20)
    .map((frame) => (FRAME.test(frame) ? frame : "anonymous"));
  // Frames in V8's `at <name> (<location>)` shape so normalizeStack reads them;
  // the location is a fixed word, never a path.
  input.stack = [input.errorClass, ...frames.map((frame) => `    at ${frame} (shell)`)].join("\n");

  const decision = decideCollection({
    envPrefix: ctx.config.envPrefix,
    configPath: ctx.config.paths.configFile,
    env: ctx.env,
  });
  const result = captureEvent(
    { config: ctx.config, queue: decision.enabled, cwd: ctx.cwd, now: ctx.now },
    input,
  );
  if (!result.ok) {
    ctx.stderr.write(`crashfix: capture failed (${result.code}); nothing was written or sent\n`);
    return EXIT_CODES.FAILED;
  }
  if (ctx.flags.json) {
    ctx.stdout.write(
      `${JSON.stringify({ id: result.id, file: result.file, queued: result.queued })}\n`,
    );
  } else {
    ctx.stderr.write(
      formatCrashNotice({
        displayName: ctx.config.displayName,
        command: ctx.config.command,
        id: result.id,
        file: result.file,
        cwd: ctx.cwd,
        queued: result.queued,
        ci: isCI(ctx.env),
      }),
    );
  }
  return EXIT_CODES.OK;
}
