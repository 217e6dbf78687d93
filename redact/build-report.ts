import { charClass, foldToClass, withoutInvisible } from "./char-class.js";
import { checkReport, type Report } from "./check-report.js";
import { builtInErrorClass, deriveErrorClass } from "./derive-error-class.js";
import { ReportBuildError } from "./errors.js";
import { DEFAULT_SIGNATURE_COUNT, fingerprint } from "./fingerprint.js";
import { madeByTool, writtenSignatures } from "./normalize-stack.js";
import { type ParsedInput, parseInput, type ReportInput } from "./parse-report-input.js";
import { normalizeRemoteUrl, projectIdHash } from "./project-id-hash.js";
import { redactString } from "./redact-value.js";
import type { RedactionContext } from "./redaction-context.js";
import type { RedactionCounter } from "./replace-matches.js";
import { HEX_AND_TIME_FIELDS, RUNTIME_NAMES, RUNTIME_VERSION_PATTERN } from "./report-rules.js";
import { RULES_VERSION } from "./rules-version.js";
import { USER_CODE } from "./user-code.js";
import { utcSeconds } from "./utc-seconds.js";

export type { ReportInput };

// Free text folded into an identifier-like field: characters outside the
// set become "_" (char-class.ts foldToClass).
const CLASS_CHARS = charClass("A-Za-z0-9_.:-");
const PLATFORM_CHARS = charClass("a-z0-9_");

/**
 * The values Node documents for `process.platform` and `process.arch`
 * (https://nodejs.org/api/process.html), which Bun and Deno give too. Each
 * is a plain word no scrub rule matches (tests/redact/build-report.test.ts
 * holds that), so assertClean does not scrub one again: for a report's
 * "linux" and "x64" that cost a crash 0.6 M instructions.
 */
export const PLATFORM_WORDS: ReadonlySet<string> = new Set([
  "aix",
  "android",
  "darwin",
  "freebsd",
  "linux",
  "openbsd",
  "sunos",
  "win32",
  "arm",
  "arm64",
  "ia32",
  "loong64",
  "mips",
  "mipsel",
  "ppc",
  "ppc64",
  "riscv64",
  "s390",
  "s390x",
  "x64",
]);

function platformValue(text: string): string {
  const value = foldToClass(text.toLowerCase(), PLATFORM_CHARS, 24);
  return value.length > 0 ? value : "unknown";
}

function runtimeVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = text.startsWith("v") ? text.slice(1) : text;
  return RUNTIME_VERSION_PATTERN.test(value) ? value : undefined;
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
 * A value scrubbing left as it was goes into `clean`, and so does the
 * replacement, this build's own word: a repository named like it
 * (`acme/redacted`) must not make the report fail its check.
 */
function scrubIdentifier(
  value: string,
  replacement: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
  clean: Set<string>,
): string {
  const probe: RedactionCounter = { count: 0 };
  const scrubbed = redactString(value, context, probe);
  if (scrubbed === value) {
    clean.add(value);
    return value;
  }
  counter.count += Math.max(1, probe.count);
  clean.add(replacement);
  return replacement;
}

/**
 * A caller's free text folded into an identifier field: scrubbed as given,
 * before folding, because folding hides what the rules look for (`/` of a
 * home path becomes `_`, and `_alice` is no longer a word). Text scrubbing
 * changed becomes `replacement`; `folded`, the text in the field's
 * characters, is scrubbed again.
 */
function scrubFolded(
  text: string,
  folded: string,
  replacement: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
  clean: Set<string>,
): string {
  if (folded === text) return scrubIdentifier(folded, replacement, context, counter, clean);
  const probe: RedactionCounter = { count: 0 };
  const visible = withoutInvisible(text);
  if (
    redactString(text, context, probe) !== text ||
    (visible !== text && redactString(visible, context, probe) !== visible)
  ) {
    counter.count += Math.max(1, probe.count);
    clean.add(replacement);
    return replacement;
  }
  return folded.length === 0
    ? folded
    : scrubIdentifier(folded, replacement, context, counter, clean);
}

/**
 * The tool's version, unless the user's context changes it: a tool the
 * user builds may stamp its version with their machine's, account's or
 * repository's name (`1.4.2+alice-smith-laptop`). Then only its leading
 * numbers are kept (`1.4.2+redacted`): a version must stay a version, so
 * a token cannot stand in it, and the report still says which release.
 */
function versionWithoutContext(
  version: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
  clean: Set<string>,
): string {
  if (context === undefined) return version;
  const probe: RedactionCounter = { count: 0 };
  if (redactString(version, context, probe) === version) {
    clean.add(version);
    return version;
  }
  counter.count += Math.max(1, probe.count);
  const numbers = /^\d+(?:\.\d+){0,3}/.exec(version)?.[0];
  const kept = numbers === undefined ? "redacted" : `${numbers}+redacted`;
  clean.add(kept);
  return kept;
}

function assemble(input: ReportInput, parsed: ParsedInput, clean: Set<string>): Report {
  const counter: RedactionCounter = { count: 0 };
  const context = input.context;
  const stack = parsed.stack ?? readStack(input.error);

  const own =
    parsed.toolRoot === undefined
      ? undefined
      : { toolRoot: parsed.toolRoot, workDir: parsed.workDir };
  const signatures = writtenSignatures(stack ?? "", own)
    .slice(0, DEFAULT_SIGNATURE_COUNT)
    .map(({ signature, written }) => {
      // The user's frames, which normalizeStack named with this word of its own.
      if (signature === USER_CODE && written === USER_CODE) {
        clean.add(USER_CODE);
        return USER_CODE;
      }
      return scrubFolded(written, signature, "redacted", context, counter, clean);
    });

  // An error not made in the tool's own code (the user's, or code a host
  // evaluated) carries a class name its maker chose: it is named by the
  // built-in class it is made from instead.
  const rawClass =
    parsed.errorClass ??
    ("error" in input && input.error !== undefined && !madeByTool(stack ?? "", own)
      ? builtInErrorClass(input.error)
      : deriveErrorClass(input.error, stack, "error" in input));
  let errorClass = scrubFolded(
    rawClass,
    foldToClass(rawClass, CLASS_CHARS, 80),
    "RedactedError",
    context,
    counter,
    clean,
  );
  if (errorClass.length === 0) errorClass = "Error";
  // A failure with no frame to sign (an exit code set or a script's
  // top-level exit) is signed by its exit code, so exits 4 and 5 are two
  // groups (redact/README.md).
  if (signatures.length === 0 && parsed.exitCode !== undefined) {
    signatures.push(
      scrubIdentifier(`exit:${parsed.exitCode}`, "redacted", context, counter, clean),
    );
  }

  const runtimeInput = parsed.runtime;
  const runtime: Report["runtime"] = {};
  for (const name of RUNTIME_NAMES) {
    const version = runtimeVersion(runtimeInput[name]);
    if (version !== undefined) runtime[name] = version;
  }

  const report: Report = {
    schema: "1",
    report_id: parsed.reportId,
    app: parsed.app,
    app_version: versionWithoutContext(parsed.appVersion, context, counter, clean),
    os: platformValue(parsed.platform),
    arch: platformValue(parsed.arch),
    runtime,
    error_class: errorClass,
    stack_signature: signatures,
    fingerprint: fingerprint(errorClass, signatures),
    rules_version: RULES_VERSION,
    redactions_count: 0,
    captured_at: utcSeconds(parsed.now),
  };
  if (parsed.phase !== undefined) {
    const phase = scrubFolded(
      parsed.phase,
      foldToClass(parsed.phase, CLASS_CHARS, 40),
      "redacted",
      context,
      counter,
      clean,
    );
    if (phase.length > 0) report.phase = phase;
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
 * a tool reporting from its own checkout still reports. Values in `clean`
 * already came out of the scrubber unchanged under the context, so without
 * it too (the context only adds replacements); scrubbing them again would
 * double a crash's scrubbing for nothing.
 */
function assertClean(
  report: Report,
  context: RedactionContext | undefined,
  clean: ReadonlySet<string>,
): void {
  const derived = [report.error_class, ...report.stack_signature, report.app_version];
  if (report.phase !== undefined) derived.push(report.phase);
  const toCheck = (value: string): boolean => value !== "" && !clean.has(value);
  const all: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") {
      if (toCheck(value) && !PLATFORM_WORDS.has(value)) all.push(value);
    } else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value !== null && typeof value === "object")
      for (const item of Object.values(value)) collect(item);
  };
  // Every field but those in hex or time (HEX_AND_TIME_FIELDS) and the rules
  // version, this build's own constant: they hold no crash data, and each
  // string scrubbed costs a crash about 0.3 M instructions. (The ingest
  // scrubs the rules version, which a client sends.) An empty phase or
  // field holds nothing to find.
  for (const [key, value] of Object.entries(report)) {
    if (key !== "rules_version" && !(HEX_AND_TIME_FIELDS as readonly string[]).includes(key)) {
      collect(value);
    }
  }
  const dirty =
    all.some((value) => redactString(value, undefined, { count: 0 }) !== value) ||
    (context !== undefined &&
      derived.some(
        (value) => toCheck(value) && redactString(value, context, { count: 0 }) !== value,
      ));
  if (dirty)
    throw new ReportBuildError(
      "REDACTION_FAILED",
      "a report field still matches a scrub rule; nothing was built",
    );
}

/**
 * Build the whitelist-only report of docs/DESIGN.md section 2 from raw capture
 * context: scrubbed, fingerprinted, validated by `checkReport` (the rules of
 * `reportSchema`, without loading zod). Fails closed:
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
  if (Array.isArray(input)) {
    throw new ReportBuildError("INVALID_INPUT", "invalid report input: expected an object");
  }
  const problems: string[] = [];
  let parsed: ParsedInput;
  try {
    parsed = parseInput(input as unknown as Record<string, unknown>, problems);
  } catch (cause) {
    throw new ReportBuildError(
      "INVALID_INPUT",
      `invalid report input: could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  if (problems.length > 0) {
    throw new ReportBuildError("INVALID_INPUT", `invalid report input: ${problems.join("; ")}`);
  }
  let report: Report;
  try {
    const clean = new Set<string>();
    report = assemble(input, parsed, clean);
    assertClean(report, input.context, clean);
  } catch (cause) {
    if (cause instanceof ReportBuildError) throw cause;
    throw new ReportBuildError("REDACTION_FAILED", "could not build a clean report", { cause });
  }
  const checked = checkReport(report);
  if (!checked.ok) {
    throw new ReportBuildError(
      "REDACTION_FAILED",
      `report failed its schema: ${checked.problems.join("; ")}`,
    );
  }
  return checked.report;
}

/**
 * Whether every field of a stored report comes out of the scrubber as it
 * is, under the user's context for the fields derived from the crash: the
 * check a report passed when it was built. A sender asks it again before a
 * report leaves, since the file could have been edited after it was written.
 */
export function reportIsClean(report: Report, context: RedactionContext | undefined): boolean {
  try {
    assertClean(report, context, new Set());
    return true;
  } catch {
    return false;
  }
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
