import type { ReportInput } from "../redact/capture.js";
import { loadRedact, saveScrubberCodeCache } from "./load-lazily.js";
import { logCaptureFailure } from "./log-capture-failure.js";
import { mapStackToSource } from "./map-stack-to-source.js";
import { randomReportId } from "./random-report-id.js";
import { readGitOriginUrl, repoNameFromUrl } from "./read-git-origin.js";
import { saveReport } from "./report-store.js";
import type { ResolvedConfig } from "./resolve-config.js";

export type CaptureInput = {
  error?: unknown;
  errorClass?: string;
  stack?: string;
  exitCode?: number;
  phase?: string;
  frictionKind?: "retry_loop" | "rate_limit_loop" | "gate_failure";
};

export type CaptureResult =
  | { ok: true; id: string; reportId: string; file: string; queued: boolean }
  | { ok: false; code: string };

export type CaptureContext = {
  config: ResolvedConfig;
  /** Whether the report also goes to the outbox (collection is on). */
  queue: boolean;
  cwd: string;
  now: () => number;
};

function runtimeVersions(): { node?: string; bun?: string; deno?: string } {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  const runtime: { node?: string; bun?: string; deno?: string } = {};
  if (versions.node) runtime.node = versions.node;
  if (versions.bun) runtime.bun = versions.bun;
  if (versions.deno) runtime.deno = versions.deno;
  return runtime;
}

function readStack(error: unknown): string | undefined {
  try {
    const stack = (error as { stack?: unknown } | null)?.stack;
    return typeof stack === "string" ? stack : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scrub, whitelist, write: synchronous, so it also works from a dying
 * process. Never throws. If anything fails, nothing is written and only
 * the error code goes to the local log (fail closed).
 */
export function captureEvent(context: CaptureContext, input: CaptureInput): CaptureResult {
  const { config } = context;
  const now = new Date(context.now());
  try {
    const redact = loadRedact(config.paths.codeCacheFile);
    const gitRemoteUrl = readGitOriginUrl(context.cwd);
    const repoNames = [...(config.redaction.repoNames ?? [])];
    const originRepo = gitRemoteUrl ? repoNameFromUrl(gitRemoteUrl) : undefined;
    if (originRepo) repoNames.push(originRepo);
    const reportInput: ReportInput = {
      app: config.app,
      appVersion: config.version ?? "0.0.0",
      platform: process.platform,
      arch: process.arch,
      runtime: runtimeVersions(),
      context: { ...config.redaction, repoNames },
      now,
    };
    if (gitRemoteUrl !== undefined) reportInput.gitRemoteUrl = gitRemoteUrl;
    if (input.error !== undefined) reportInput.error = input.error;
    if (input.errorClass !== undefined) reportInput.errorClass = input.errorClass;
    // Frames of a bundled host that ships source maps, back to original names.
    const stack = input.stack ?? readStack(input.error);
    if (stack !== undefined) reportInput.stack = mapStackToSource(stack);
    if (input.exitCode !== undefined) reportInput.exitCode = input.exitCode;
    if (input.phase !== undefined) reportInput.phase = input.phase;
    if (input.frictionKind !== undefined) reportInput.frictionKind = input.frictionKind;
    // The id is drawn here (redact would load Web Crypto for it); buildReport
    // checks its format but does not scrub it, so it cannot fail the report.
    const reportId = randomReportId();
    if (reportId !== undefined) reportInput.reportId = reportId;
    const report = redact.buildReport(reportInput);
    const saved = saveReport(config.paths, report, context.queue);
    // After the report is safely written: the next crash starts faster.
    saveScrubberCodeCache();
    return {
      ok: true,
      id: report.report_id.slice(0, 8),
      reportId: report.report_id,
      file: saved.file,
      queued: saved.queued,
    };
  } catch (error) {
    const code =
      typeof (error as { code?: unknown })?.code === "string"
        ? String((error as { code: string }).code)
        : "CAPTURE_FAILED";
    logCaptureFailure(config.paths.logFile, code, now);
    return { ok: false, code };
  }
}
