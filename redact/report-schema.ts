import { z } from "zod";
import {
  APP_PATTERN,
  CAPTURED_AT_PATTERN,
  ERROR_CLASS_PATTERN,
  FRICTION_KINDS,
  MAX_EXIT_CODE,
  MAX_REDACTIONS_COUNT,
  MAX_SIGNATURES,
  MIN_EXIT_CODE,
  PHASE_PATTERN,
  PLATFORM_PATTERN,
  RULES_VERSION_PATTERN,
  RUNTIME_NAMES,
  RUNTIME_VERSION_PATTERN,
  type RuntimeName,
  SHA256_PATTERN,
  SIGNATURE_PATTERN,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "./report-rules.js";

/**
 * The crash report, schema version 1 (docs/DESIGN.md section 2): the one
 * statement of its fields. Strict: an unknown key is an error. The server and
 * the Actions use it with zod; the client, which must not load zod, checks
 * the JSON Schema and uses the `Report` type generated from it
 * (generated/report-json-schema.ts, through check-report.ts).
 */
const runtimeVersionSchema = z.string().regex(RUNTIME_VERSION_PATTERN).optional();
const runtimeSchema = z
  .object(
    Object.fromEntries(RUNTIME_NAMES.map((name) => [name, runtimeVersionSchema])) as Record<
      RuntimeName,
      typeof runtimeVersionSchema
    >,
  )
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
    exit_code: z.number().int().min(MIN_EXIT_CODE).max(MAX_EXIT_CODE).optional(),
    friction_kind: z.enum(FRICTION_KINDS).optional(),
    project_id_hash: z.string().regex(SHA256_PATTERN).optional(),
    fingerprint: z.string().regex(SHA256_PATTERN),
    rules_version: z.string().regex(RULES_VERSION_PATTERN),
    redactions_count: z.number().int().min(0).max(MAX_REDACTIONS_COUNT),
    captured_at: z.string().regex(CAPTURED_AT_PATTERN),
  })
  .strict();
