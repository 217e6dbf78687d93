import type { ReportInput } from "../../redact/capture.js";
import type { CollectionDecision } from "../collection/decide-collection.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { logCaptureFailure } from "../store/log-capture-failure.js";
import { saveReport } from "../store/report-store.js";
import { mapStackToSource } from "./map-stack-to-source.js";
import { randomReportId } from "./random-report-id.js";
import { readGitOriginUrl, repoNameFromUrl } from "./read-git-origin.js";
import { saveScrubberCode, scrubber } from "./scrubber.js";

/** What one capture says about the failure; the rest of the report comes from the config and the machine. */
export type CaptureInput = Pick<
  ReportInput,
  "error" | "errorClass" | "stack" | "exitCode" | "phase" | "frictionKind"
>;

export type CaptureResult =
  | { ok: true; id: string; reportId: string; file: string; queued: boolean }
  | { ok: false; code: string };

export type CaptureContext = {
  config: ResolvedConfig;
  /** The collection state now: a report is queued to be sent unless the user opted out. */
  state: CollectionDecision["state"];
  cwd: string;
  now: () => number;
  /** The process ends after this capture, so it may turn on Node's compile cache for the scrubber. */
  ending: boolean;
};

function runtimeVersions(): NonNullable<ReportInput["runtime"]> {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  const runtime: NonNullable<ReportInput["runtime"]> = {};
  if (versions.bun) runtime.bun = versions.bun;
  else if (versions.deno) runtime.deno = versions.deno;
  else runtime.node = versions.node;
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
 * Scrub, whitelist, write: synchronous, so it also works in a dying
 * process. Never throws. If anything fails, nothing is written and only the
 * error code goes to the local log (fail closed).
 */
export function captureEvent(context: CaptureContext, input: CaptureInput): CaptureResult {
  const { config } = context;
  const now = new Date(context.now());
  try {
    const gitRemoteUrl = readGitOriginUrl(context.cwd);
    const repoNames = [...(config.redaction.repoNames ?? [])];
    const originRepo = gitRemoteUrl ? repoNameFromUrl(gitRemoteUrl) : undefined;
    if (originRepo) repoNames.push(originRepo);
    const reportInput: ReportInput = {
      ...input,
      app: config.app,
      appVersion: config.version ?? "0.0.0",
      platform: process.platform,
      arch: process.arch,
      runtime: runtimeVersions(),
      context: { ...config.redaction, repoNames },
      reportId: randomReportId(),
      now,
    };
    if (gitRemoteUrl !== undefined) reportInput.gitRemoteUrl = gitRemoteUrl;
    // Frames of a bundled host that ships source maps, back to original names.
    const stack = input.stack ?? readStack(input.error);
    if (stack !== undefined) reportInput.stack = mapStackToSource(stack);
    const report = scrubber(config.paths, context.ending).buildReport(reportInput);
    // With no endpoint there is nowhere to send it: it is kept, not queued.
    const queue = config.endpoint !== undefined && context.state !== "off";
    const saved = saveReport(config.paths, report, queue);
    // After the report is safely written: the next capture starts faster.
    saveScrubberCode();
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
