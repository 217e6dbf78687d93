import { z } from "zod";

/**
 * The crash report, schema version 1 (DESIGN.md section 2). Strict: an unknown
 * key is an error. Every string has a length cap and a character set chosen so
 * a value can sit in a shell word, a Markdown table, a label or a prompt
 * without quoting: no blanks, quotes, backticks, `$`, `<`, `>`, `|`, `\`.
 */
export const SIGNATURE_PATTERN = /^[A-Za-z0-9_.:#-]{1,100}$/;
export const ERROR_CLASS_PATTERN = /^[A-Za-z0-9_.:-]{1,80}$/;
export const APP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
export const PLATFORM_PATTERN = /^[a-z0-9_]{1,24}$/;
export const PHASE_PATTERN = /^[A-Za-z0-9_.:-]{1,40}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const UUID_V4_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const CAPTURED_AT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
export const RULES_VERSION_PATTERN = /^[0-9A-Za-z.-]{1,32}$/;
export const RUNTIME_VERSION_PATTERN = /^[0-9A-Za-z.+_-]{1,40}$/;

export const MAX_SIGNATURES = 20;

export const FRICTION_KINDS = ["retry_loop", "rate_limit_loop", "gate_failure"] as const;

const runtimeSchema = z
  .object({
    node: z.string().regex(RUNTIME_VERSION_PATTERN).optional(),
    bun: z.string().regex(RUNTIME_VERSION_PATTERN).optional(),
    deno: z.string().regex(RUNTIME_VERSION_PATTERN).optional(),
  })
  .strict();

export const reportSchema = z
  .object({
    schema: z.literal("1"),
    report_id: z.string().regex(UUID_V4_PATTERN),
    app: z.string().regex(APP_PATTERN),
    app_version: z.string().regex(VERSION_PATTERN),
    os: z.string().regex(PLATFORM_PATTERN),
    arch: z.string().regex(PLATFORM_PATTERN),
    runtime: runtimeSchema,
    error_class: z.string().regex(ERROR_CLASS_PATTERN),
    stack_signature: z.array(z.string().regex(SIGNATURE_PATTERN)).max(MAX_SIGNATURES),
    phase: z.string().regex(PHASE_PATTERN).optional(),
    exit_code: z.number().int().min(-2147483648).max(4294967295).optional(),
    friction_kind: z.enum(FRICTION_KINDS).optional(),
    project_id_hash: z.string().regex(SHA256_PATTERN).optional(),
    fingerprint: z.string().regex(SHA256_PATTERN),
    rules_version: z.string().regex(RULES_VERSION_PATTERN),
    redactions_count: z.number().int().min(0).max(1_000_000_000),
    captured_at: z.string().regex(CAPTURED_AT_PATTERN),
  })
  .strict();

export type Report = z.infer<typeof reportSchema>;
export type FrictionKind = (typeof FRICTION_KINDS)[number];
