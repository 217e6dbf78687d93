import { type CaptureInput, captureEvent } from "../capture/capture-event.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { formatCaptureFailure } from "../notice/format-capture-failure.js";
import { formatCrashNotice } from "../notice/format-crash-notice.js";
import { type CommandContext, decideFor, optionValue } from "./command-context.js";

const CLASS = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
// Free text: the scrubber removes home paths and names in it, then folds it
// to a short name (redact/build-report.ts).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const PHASE = /^[^\u0000-\u001f\u007f]{1,200}$/;
// Bash FUNCNAME entries: function names, never command text.
const FRAME = /^[A-Za-z_][A-Za-z0-9_:.-]{0,80}$/;
const FRICTION = ["retry_loop", "rate_limit_loop", "gate_failure"] as const;
// $BASH_VERSION is `5.2.15(1)-release`: the release number is what tells bashes apart.
const BASH_VERSION = /^(\d{1,3}(?:\.\d{1,4}){0,3})(?:\(\d+\))?(?:-[a-z]+)?$/;

/** The capture a shell host's flags describe; throws USAGE for a bad flag. */
function captureInput(ctx: CommandContext): CaptureInput {
  const errorClass = optionValue(ctx, "class") ?? "NonZeroExit";
  if (!CLASS.test(errorClass)) {
    throw new CrashfixError("USAGE", "--class must be a name like NonZeroExit or CommandNotFound");
  }
  const input: CaptureInput = { errorClass };
  const exitCode = optionValue(ctx, "exit-code");
  if (exitCode !== undefined) {
    const code = Number(exitCode);
    if (!/^\d{1,3}$/.test(exitCode) || code < 1 || code > 255) {
      throw new CrashfixError("USAGE", "--exit-code must be a whole number from 1 to 255");
    }
    input.exitCode = code;
  }
  const phase = optionValue(ctx, "phase");
  if (phase !== undefined) {
    if (!PHASE.test(phase)) {
      throw new CrashfixError(
        "USAGE",
        "--phase must be a name like ACT or iteration-3, at most 200 characters with no control characters",
      );
    }
    input.phase = phase;
  }
  const friction = optionValue(ctx, "friction");
  if (friction !== undefined) {
    const kind = FRICTION.find((known) => known === friction);
    if (kind === undefined) {
      throw new CrashfixError("USAGE", `--friction must be ${FRICTION.join(", ")}`);
    }
    input.frictionKind = kind;
  }
  const bashVersion = optionValue(ctx, "bash-version");
  if (bashVersion !== undefined) {
    const release = BASH_VERSION.exec(bashVersion)?.[1];
    if (release === undefined) {
      throw new CrashfixError(
        "USAGE",
        "--bash-version must be bash's $BASH_VERSION, like 5.2.15(1)-release or 5.2.15",
      );
    }
    // The script's failure: the Node that runs this command says nothing about it.
    input.runtime = { bash: release };
  }
  const frames = (optionValue(ctx, "frames") ?? "")
    .split(",")
    .map((frame) => frame.trim())
    .filter((frame) => frame !== "")
    .slice(0, 20)
    .map((frame) => (FRAME.test(frame) ? frame : "anonymous"));
  // Frames in V8's `at <name> (<location>)` shape so the stack normalizer
  // reads them; the location is a fixed word, never a path.
  input.stack = [errorClass, ...frames.map((frame) => `    at ${frame} (shell)`)].join("\n");
  return input;
}

/** `crashfix capture`: the shell route's way to record a failure. */
export function runCapture(ctx: CommandContext): ExitCode {
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
  const input = captureInput(ctx);
  const decision = decideFor(ctx);
  const result = captureEvent(
    // `crashfix capture` exits right after
    { config: ctx.config, state: decision.state, cwd: ctx.cwd, now: ctx.now, ending: true },
    input,
  );
  if (!result.ok) {
    // The line a Node host's exit prints: a bash host's user reads the same.
    ctx.stderr.write(
      formatCaptureFailure({
        displayName: ctx.config.displayName,
        command: ctx.config.command,
        code: result.code,
        outboxDir: ctx.config.paths.outboxDir,
        cwd: ctx.cwd,
      }),
    );
    return EXIT_CODES.FAILED;
  }
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ id: result.id, file: result.file, queued: result.queued })}\n`,
    );
    return EXIT_CODES.OK;
  }
  ctx.stderr.write(
    formatCrashNotice({
      displayName: ctx.config.displayName,
      command: ctx.config.command,
      id: result.id,
      file: result.file,
      cwd: ctx.cwd,
      exitCode: input.exitCode,
      queued: result.queued,
      unrecordedIn: result.unrecordedIn,
      hasEndpoint: ctx.config.endpoint !== undefined,
      // This command runs from the files the background send runs.
      backgroundSend: true,
      state: decision.state,
      ci: ctx.clientEnv.ci,
    }),
  );
  return EXIT_CODES.OK;
}
