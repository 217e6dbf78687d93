import { parseArgs } from "node:util";
import type { CommandContext, OutputStream } from "./command-context.js";
import { runCapture } from "./commands/capture.js";
import { runCrashList } from "./commands/crash-list.js";
import { runCrashShow } from "./commands/crash-show.js";
import { runCrashSubmit } from "./commands/crash-submit.js";
import { runDoctor } from "./commands/doctor.js";
import { runFlush } from "./commands/flush.js";
import { runStart } from "./commands/start.js";
import { runTelemetry } from "./commands/telemetry.js";
import type { CrashReporterConfig } from "./config-schema.js";
import { CrashfixError, type CrashfixErrorCode } from "./errors.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { helpText } from "./help-text.js";
import { resolveCommandConfig } from "./resolve-command-config.js";

export type CommandIO = {
  /** A host mounting `crash`/`telemetry` passes its reporter config; the bin leaves it out. */
  config?: CrashReporterConfig;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
  stdout?: OutputStream;
  stderr?: OutputStream;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Per-request timeout when sending; default CRASHFIX_TIMEOUT_MS or 10 s. */
  timeoutMs?: number;
};

function parseTimeout(env: NodeJS.ProcessEnv, given: number | undefined): number {
  if (given !== undefined) return given;
  const raw = env.CRASHFIX_TIMEOUT_MS;
  if (raw === undefined || raw === "") return 10_000;
  const value = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || value < 1) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      "CRASHFIX_TIMEOUT_MS must be a whole number of milliseconds (1-999999)",
    );
  }
  return value;
}

const EXIT_FOR: Record<CrashfixErrorCode, ExitCode> = {
  USAGE: EXIT_CODES.USAGE,
  INVALID_CONFIG: EXIT_CODES.CONFIG,
  CONFIG_FILE_CORRUPT: EXIT_CODES.CONFIG,
  CONFIG_FILE_UNWRITABLE: EXIT_CODES.CONFIG,
  REPORT_NOT_FOUND: EXIT_CODES.NOT_FOUND,
  REPORT_AMBIGUOUS: EXIT_CODES.NOT_FOUND,
  REPORT_CORRUPT: EXIT_CODES.CORRUPT_REPORT,
  CAPTURE_FAILED: EXIT_CODES.FAILED,
  SUBMIT_FAILED: EXIT_CODES.FAILED,
};

const GLOBAL_FLAGS = ["app", "config", "json", "help"];
const ALLOWED_FLAGS: Record<string, string[]> = {
  submit: ["all"],
  capture: ["class", "phase", "exit-code", "friction", "frames"],
};

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        app: { type: "string" },
        config: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        all: { type: "boolean" },
        class: { type: "string" },
        phase: { type: "string" },
        "exit-code": { type: "string" },
        friction: { type: "string" },
        frames: { type: "string" },
      },
    });
  } catch (error) {
    throw new CrashfixError("USAGE", `${(error as Error).message}; see --help`, { cause: error });
  }
}

/** See lazy-entry-points.ts (the public, lazily loaded wrapper). */
export async function runCrashfixCommand(argv: string[], io: CommandIO = {}): Promise<ExitCode> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const label = io.config?.command ?? io.config?.app ?? "crashfix";
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
      (command === undefined && !values.help ? stderr : stdout).write(helpText(label));
      return command === undefined && !values.help ? EXIT_CODES.USAGE : EXIT_CODES.OK;
    }
    const known = ["crash", "telemetry", "doctor", "capture", "start", "__flush"];
    if (!known.includes(command)) {
      throw new CrashfixError("USAGE", `unknown command "${command}"; see --help`);
    }
    const sub = command === "crash" ? (rest[0] ?? "list") : command;
    const allowed = ALLOWED_FLAGS[sub] ?? [];
    for (const flag of Object.keys(values)) {
      if (!GLOBAL_FLAGS.includes(flag) && !allowed.includes(flag)) {
        throw new CrashfixError(
          "USAGE",
          `--${flag} does not apply to ${command === "crash" ? `crash ${sub}` : command}; see --help`,
        );
      }
    }
    const { config, raw } = resolveCommandConfig({
      hostConfig: io.config,
      app: values.app,
      configPath: values.config,
      internalFlush: command === "__flush",
      env,
      cwd,
      home: io.home,
    });
    const flags: CommandContext["flags"] = { json: values.json === true, all: values.all === true };
    if (values.class !== undefined) flags.class = values.class;
    if (values.phase !== undefined) flags.phase = values.phase;
    if (values["exit-code"] !== undefined) flags.exitCode = values["exit-code"];
    if (values.friction !== undefined) flags.friction = values.friction;
    if (values.frames !== undefined) flags.frames = values.frames;
    const ctx: CommandContext = {
      config,
      rawConfig: raw,
      positionals: rest,
      flags,
      env,
      cwd,
      stdout,
      stderr,
      fetch: io.fetch ?? globalThis.fetch,
      now: io.now ?? Date.now,
      timeoutMs: parseTimeout(env, io.timeoutMs),
    };
    if (command === "crash") {
      const [sub = "list", ...subRest] = rest;
      const subCtx = { ...ctx, positionals: subRest };
      if (sub === "list") return runCrashList(subCtx);
      if (sub === "show") return runCrashShow(subCtx);
      if (sub === "submit") return await runCrashSubmit(subCtx);
      throw new CrashfixError("USAGE", `unknown crash command "${sub}": use list, show or submit`);
    }
    if (command === "telemetry") return runTelemetry(ctx);
    if (command === "doctor") return runDoctor(ctx);
    if (command === "capture") return runCapture(ctx);
    if (command === "start") return runStart(ctx);
    return await runFlush(ctx);
  } catch (error) {
    if (error instanceof CrashfixError) {
      stderr.write(`${label}: ${error.message}\n`);
      return EXIT_FOR[error.code];
    }
    // Not ours to explain; say so plainly rather than pretend success.
    stderr.write(
      `${label}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_CODES.FAILED;
  }
}
