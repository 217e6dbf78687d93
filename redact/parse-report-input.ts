import type { RedactionContext } from "./redaction-context.js";
import {
  APP_PATTERN,
  FRICTION_KINDS,
  type FrictionKind,
  MAX_EXIT_CODE,
  MIN_EXIT_CODE,
  RUNTIME_NAMES,
  type RuntimeName,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "./report-rules.js";

/**
 * Raw capture context; everything not turned into a report field is dropped.
 * The machine's facts (time, platform, runtime, a random id) come in as
 * inputs: redact/ reads no clock, process or random source.
 */
export interface ReportInput {
  error?: unknown;
  errorClass?: string;
  stack?: string;
  exitCode?: number;
  phase?: string;
  frictionKind?: FrictionKind;
  app: string;
  appVersion: string;
  /** `process.platform` */
  platform: string;
  /** `process.arch` */
  arch: string;
  /** Versions of the runtime the crash happened in (`process.versions`). */
  runtime: Partial<Record<RuntimeName, string>>;
  gitRemoteUrl?: string;
  context?: RedactionContext;
  /**
   * The folder of the host tool's own files (its package.json's folder):
   * with it, frames in files outside it and outside node_modules are the
   * user's own code, signed `user-code` (redact/README.md).
   */
  toolRoot?: string;
  /** The folder the user ran the tool in (`process.cwd()`). */
  workDir?: string;
  /** A random UUID v4, made for this one report. */
  reportId: string;
  /** When the crash happened. */
  now: Date;
}

/** The caller's input after checking: each value read once, unknown keys dropped. */
export type ParsedInput = Omit<ReportInput, "error" | "context">;

/**
 * Check the caller's input by hand rather than with zod: buildReport runs on
 * the client's crash path, where loading zod costs tens of milliseconds.
 * Pushes one "path: message" per problem; absent and undefined optional
 * fields are the same. Getters that throw propagate (buildReport turns that
 * into INVALID_INPUT).
 */
export function parseInput(input: Record<string, unknown>, problems: string[]): ParsedInput {
  const optionalString = (
    source: Record<string, unknown>,
    key: string,
    path: string,
    max = Number.POSITIVE_INFINITY,
  ): string | undefined => {
    const value = source[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") problems.push(`${path}: expected a string`);
    else if (value.length > max) problems.push(`${path}: at most ${max} characters`);
    else return value;
    return undefined;
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);

  const parsed: ParsedInput = {
    app: "",
    appVersion: "",
    platform: "",
    arch: "",
    runtime: {},
    reportId: "",
    now: new Date(0),
  };
  const errorClass = optionalString(input, "errorClass", "errorClass", 4096);
  if (errorClass !== undefined) parsed.errorClass = errorClass;
  const stack = optionalString(input, "stack", "stack");
  if (stack !== undefined) parsed.stack = stack;

  const exitCode = input.exitCode;
  if (exitCode !== undefined) {
    if (typeof exitCode !== "number" || !Number.isInteger(exitCode))
      problems.push("exitCode: expected an integer");
    else if (exitCode < MIN_EXIT_CODE || exitCode > MAX_EXIT_CODE)
      problems.push(`exitCode: must be between ${MIN_EXIT_CODE} and ${MAX_EXIT_CODE}`);
    else parsed.exitCode = exitCode;
  }

  const phase = optionalString(input, "phase", "phase", 4096);
  if (phase !== undefined) parsed.phase = phase;

  const frictionKind = input.frictionKind;
  if (frictionKind !== undefined) {
    const kind = FRICTION_KINDS.find((known) => known === frictionKind);
    if (kind === undefined)
      problems.push(`frictionKind: must be one of ${FRICTION_KINDS.join(", ")}`);
    else parsed.frictionKind = kind;
  }

  const app = input.app;
  if (typeof app !== "string" || !APP_PATTERN.test(app))
    problems.push("app: app must be 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
  else parsed.app = app;

  const appVersion = input.appVersion;
  const version =
    typeof appVersion === "string"
      ? appVersion.startsWith("v")
        ? appVersion.slice(1)
        : appVersion
      : undefined;
  if (version === undefined || !VERSION_PATTERN.test(version))
    problems.push("appVersion: appVersion must be a version such as 1.2.3");
  else parsed.appVersion = version;

  const platform = optionalString(input, "platform", "platform", 64);
  if (platform !== undefined) parsed.platform = platform;
  else if (input.platform === undefined) problems.push("platform: required (process.platform)");
  const arch = optionalString(input, "arch", "arch", 64);
  if (arch !== undefined) parsed.arch = arch;
  else if (input.arch === undefined) problems.push("arch: required (process.arch)");

  const runtime = input.runtime;
  if (runtime === undefined) problems.push("runtime: required (process.versions)");
  else {
    if (!isObject(runtime)) problems.push("runtime: expected an object");
    else {
      const versions: Partial<Record<RuntimeName, string>> = {};
      for (const key of RUNTIME_NAMES) {
        const value = optionalString(runtime, key, `runtime.${key}`);
        if (value !== undefined) versions[key] = value;
      }
      parsed.runtime = versions;
    }
  }

  const gitRemoteUrl = optionalString(input, "gitRemoteUrl", "gitRemoteUrl");
  if (gitRemoteUrl !== undefined) parsed.gitRemoteUrl = gitRemoteUrl;
  const toolRoot = optionalString(input, "toolRoot", "toolRoot", 4096);
  if (toolRoot !== undefined) parsed.toolRoot = toolRoot;
  const workDir = optionalString(input, "workDir", "workDir", 4096);
  if (workDir !== undefined) parsed.workDir = workDir;

  // The scrubber reads the context itself; here it only has to be well formed.
  const context = input.context;
  if (context !== undefined) {
    if (!isObject(context)) problems.push("context: expected an object");
    else {
      optionalString(context, "home", "context.home");
      optionalString(context, "repoRoot", "context.repoRoot");
      const repoNames = context.repoNames;
      if (repoNames !== undefined) {
        if (!Array.isArray(repoNames)) problems.push("context.repoNames: expected an array");
        else
          for (let index = 0; index < repoNames.length; index += 1) {
            if (typeof repoNames[index] !== "string")
              problems.push(`context.repoNames.${index}: expected a string`);
          }
      }
    }
  }

  const reportId = input.reportId;
  if (typeof reportId !== "string" || !UUID_V4_PATTERN.test(reportId))
    problems.push("reportId: a lower-case UUID v4, made for this report");
  else parsed.reportId = reportId;

  const now = input.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    problems.push("now: a valid Date, when the crash happened");
  else parsed.now = now;
  return parsed;
}
