import { randomUUID } from "node:crypto";
import { z } from "zod";
import { deriveErrorClass } from "./derive-error-class.js";
import { ReportBuildError } from "./errors.js";
import { DEFAULT_SIGNATURE_COUNT, fingerprint } from "./fingerprint.js";
import { normalizeStack } from "./normalize-stack.js";
import { normalizeRemoteUrl, projectIdHash } from "./project-id-hash.js";
import { redactString } from "./redact-value.js";
import type { RedactionContext } from "./redaction-context.js";
import type { RedactionCounter } from "./replace-matches.js";
import {
  APP_PATTERN,
  FRICTION_KINDS,
  type Report,
  RUNTIME_VERSION_PATTERN,
  reportSchema,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "./report-schema.js";
import { RULES_VERSION } from "./rules-version.js";

/** Raw capture context; everything not turned into a report field is dropped. */
export interface ReportInput {
  error?: unknown;
  errorClass?: string;
  stack?: string;
  exitCode?: number;
  phase?: string;
  frictionKind?: "retry_loop" | "rate_limit_loop" | "gate_failure";
  app: string;
  appVersion: string;
  platform?: string;
  arch?: string;
  runtime?: { node?: string; bun?: string; deno?: string };
  gitRemoteUrl?: string;
  context?: RedactionContext;
  reportId?: string;
  now?: Date;
}

const inputSchema = z.object({
  errorClass: z.string().max(4096).optional(),
  stack: z.string().optional(),
  exitCode: z.number().int().min(-2147483648).max(4294967295).optional(),
  phase: z.string().max(4096).optional(),
  frictionKind: z.enum(FRICTION_KINDS).optional(),
  app: z
    .string()
    .regex(APP_PATTERN, "app must be 1-64 of [A-Za-z0-9._-], starting with a letter or digit"),
  appVersion: z
    .string()
    .transform((v) => v.replace(/^v/, ""))
    .pipe(z.string().regex(VERSION_PATTERN, "appVersion must be a version such as 1.2.3")),
  platform: z.string().max(64).optional(),
  arch: z.string().max(64).optional(),
  runtime: z
    .object({
      node: z.string().optional(),
      bun: z.string().optional(),
      deno: z.string().optional(),
    })
    .optional(),
  gitRemoteUrl: z.string().optional(),
  context: z
    .object({
      home: z.string().optional(),
      repoRoot: z.string().optional(),
      repoNames: z.array(z.string()).optional(),
    })
    .optional(),
  reportId: z.string().regex(UUID_V4_PATTERN, "reportId must be a lower-case UUID v4").optional(),
  now: z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), "now must be a valid Date")
    .optional(),
});

/** Fold free text into an identifier-like field; characters outside the set become "_". */
function toCharset(text: string, allowed: RegExp, max: number): string {
  return text.replace(allowed, "_").slice(0, max);
}

const NOT_CLASS_CHAR = /[^A-Za-z0-9_.:-]/g;
const NOT_PLATFORM_CHAR = /[^a-z0-9_]/g;

function platformValue(text: string | undefined, fallback: string): string {
  const value = toCharset((text ?? fallback).toLowerCase(), NOT_PLATFORM_CHAR, 24);
  return value.length > 0 ? value : "unknown";
}

function runtimeVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = text.replace(/^v/, "");
  return RUNTIME_VERSION_PATTERN.test(value) ? value : undefined;
}

function defaultRuntime(): { node?: string; bun?: string; deno?: string } {
  const versions = process.versions as Record<string, string | undefined>;
  const runtime: { node?: string; bun?: string; deno?: string } = {};
  if (versions.node !== undefined) runtime.node = versions.node;
  if (versions.bun !== undefined) runtime.bun = versions.bun;
  if (versions.deno !== undefined) runtime.deno = versions.deno;
  return runtime;
}

function readStack(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") return undefined;
  try {
    const stack = (error as { stack?: unknown }).stack;
    return typeof stack === "string" ? stack : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A field that must stay in its character set: scrub it, and if scrubbing
 * changed it, use `replacement` instead (a scrubbed value is no identifier).
 */
function scrubIdentifier(
  value: string,
  replacement: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
): string {
  const probe: RedactionCounter = { count: 0 };
  const scrubbed = redactString(value, context, probe);
  if (scrubbed === value) return value;
  counter.count += Math.max(1, probe.count);
  return replacement;
}

function assemble(input: ReportInput, parsed: z.infer<typeof inputSchema>): Report {
  const counter: RedactionCounter = { count: 0 };
  const context = input.context;
  const stack = parsed.stack ?? readStack(input.error);

  const rawClass = parsed.errorClass ?? deriveErrorClass(input.error, stack);
  let errorClass = toCharset(rawClass, NOT_CLASS_CHAR, 80);
  if (errorClass.length === 0) errorClass = "Error";
  errorClass = scrubIdentifier(errorClass, "RedactedError", context, counter);

  const signatures = normalizeStack(stack ?? "")
    .slice(0, DEFAULT_SIGNATURE_COUNT)
    .map((signature) => scrubIdentifier(signature, "redacted", context, counter));

  const runtimeInput = parsed.runtime ?? defaultRuntime();
  const runtime: Report["runtime"] = {};
  const node = runtimeVersion(runtimeInput.node);
  const bun = runtimeVersion(runtimeInput.bun);
  const deno = runtimeVersion(runtimeInput.deno);
  if (node !== undefined) runtime.node = node;
  if (bun !== undefined) runtime.bun = bun;
  if (deno !== undefined) runtime.deno = deno;

  const now = parsed.now ?? new Date();
  const report: Report = {
    schema: "1",
    report_id: parsed.reportId ?? randomUUID(),
    app: parsed.app,
    app_version: parsed.appVersion,
    os: platformValue(parsed.platform, process.platform),
    arch: platformValue(parsed.arch, process.arch),
    runtime,
    error_class: errorClass,
    stack_signature: signatures,
    fingerprint: fingerprint(errorClass, signatures),
    rules_version: RULES_VERSION,
    redactions_count: 0,
    captured_at: `${now.toISOString().slice(0, 19)}Z`,
  };
  if (parsed.phase !== undefined) {
    const phase = toCharset(parsed.phase, NOT_CLASS_CHAR, 40);
    if (phase.length > 0) report.phase = scrubIdentifier(phase, "redacted", context, counter);
  }
  if (parsed.exitCode !== undefined) report.exit_code = parsed.exitCode;
  if (parsed.frictionKind !== undefined) report.friction_kind = parsed.frictionKind;
  if (parsed.gitRemoteUrl !== undefined && normalizeRemoteUrl(parsed.gitRemoteUrl) !== undefined) {
    report.project_id_hash = projectIdHash(parsed.gitRemoteUrl);
  }
  report.redactions_count = counter.count;
  return report;
}

/**
 * Every string in the report must come out of the scrubber unchanged; the
 * fields derived from the crash also under the caller's context (home, repo
 * names). Caller constants such as `app` are checked without the context, so
 * a tool reporting from its own checkout still reports.
 */
function assertClean(report: Report, context: RedactionContext | undefined): void {
  const derived = [report.error_class, ...report.stack_signature, report.phase ?? ""];
  const all: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") all.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value !== null && typeof value === "object")
      for (const item of Object.values(value)) collect(item);
  };
  collect(report);
  const dirty =
    all.some((value) => redactString(value, undefined, { count: 0 }) !== value) ||
    (context !== undefined &&
      derived.some((value) => redactString(value, context, { count: 0 }) !== value));
  if (dirty)
    throw new ReportBuildError(
      "REDACTION_FAILED",
      "a report field still matches a scrub rule; nothing was built",
    );
}

/**
 * Build the whitelist-only report of DESIGN.md section 2 from raw capture
 * context: scrubbed, fingerprinted, validated by `reportSchema`. Fails closed:
 * throws ReportBuildError (INVALID_INPUT for unusable caller input,
 * REDACTION_FAILED when a clean report cannot be guaranteed) and never returns
 * a partial report.
 */
export function buildReport(input: ReportInput): Report {
  if (input === null || typeof input !== "object") {
    throw new ReportBuildError(
      "INVALID_INPUT",
      "buildReport needs an object with app and appVersion",
    );
  }
  let parsed: z.infer<typeof inputSchema>;
  try {
    parsed = inputSchema.parse(input);
  } catch (cause) {
    const detail =
      cause instanceof z.ZodError
        ? cause.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
        : String(cause);
    throw new ReportBuildError("INVALID_INPUT", `invalid report input: ${detail}`, { cause });
  }
  let report: Report;
  try {
    report = assemble(input, parsed);
    assertClean(report, input.context);
  } catch (cause) {
    if (cause instanceof ReportBuildError) throw cause;
    throw new ReportBuildError("REDACTION_FAILED", "could not build a clean report", { cause });
  }
  const checked = reportSchema.safeParse(report);
  if (!checked.success) {
    throw new ReportBuildError(
      "REDACTION_FAILED",
      `report failed its schema: ${checked.error.message}`,
      {
        cause: checked.error,
      },
    );
  }
  return checked.data;
}

/** Whether a report's fingerprint matches its error class and signatures. */
export function verifyFingerprint(
  report: Pick<Report, "error_class" | "stack_signature" | "fingerprint">,
): boolean {
  try {
    const signatures = report.stack_signature;
    if (!Array.isArray(signatures) || typeof report.error_class !== "string") return false;
    return fingerprint(report.error_class, signatures, signatures.length) === report.fingerprint;
  } catch {
    return false;
  }
}
