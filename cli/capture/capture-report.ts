import { buildReport, type ReportInput } from "../../redact/capture.js";
import { parseFrameLine } from "../../redact/parse-frame.js";
import { redactValue } from "../../redact/redact-value.js";
import { mayBeUserCode, userCodeTest } from "../../redact/user-code.js";
import type { CollectionDecision } from "../collection/decide-collection.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { saveReport } from "../store/save-report.js";
import { findToolRoot } from "./find-tool-root.js";
import { mapStackToSource, withNamesFromFiles } from "./map-stack-to-source.js";
import { randomReportId } from "./random-report-id.js";
import { readGitOriginUrl, withOriginRepo } from "./read-git-origin.js";

// The capture's work once the scrubber is loaded: gather the crash's input,
// scrub and whitelist it (buildReport), write it. It is built into the
// scrubber's bundle (dist/scrubber.cjs, through scrubber-bundle.ts), so a
// crash runs it from compiled code; capture-event.ts loads the bundle and
// calls it.

/** What one capture says about the failure; the rest of the report comes from the config and the machine. */
export type CaptureInput = Pick<
  ReportInput,
  "error" | "errorClass" | "stack" | "exitCode" | "phase" | "frictionKind"
> & {
  /** The failing program's runtime where it is not this process's (a bash script's). */
  runtime?: ReportInput["runtime"];
  /** The stack's frames are words the host chose (a friction report's), not code to judge. */
  framesMadeUp?: boolean;
  /**
   * The host's words the made-up frames were written from, as given (a
   * provider's id), and the stack to use instead when scrubbing changes
   * them: the frames write them folded (`.` and `-` as `_`), which hides
   * what the rules look for.
   */
  madeUpFrom?: { words: string; redactedStack: string };
};

export type CaptureContext = {
  config: ResolvedConfig;
  /** The collection state now: a report is queued to be sent unless the user opted out. */
  state: CollectionDecision["state"];
  cwd: string;
  now: () => number;
  /** The process ends after this capture, so it may turn on Node's compile cache for the scrubber. */
  ending: boolean;
  /**
   * The host's main script, `process.argv[1]` as the reporter was made: a
   * host may set argv[1] later (to the user's script, `.`, a name).
   */
  mainScript?: string | undefined;
};

/** A report written: its short id, report_id, file, and whether it waits in the outbox. */
export type SavedCapture = {
  id: string;
  reportId: string;
  file: string;
  queued: boolean;
  /** Where the report could not be recorded as this machine's (so no send takes it), if it could not. */
  unrecordedIn?: string;
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
    if (typeof stack !== "string") return undefined;
    return withoutMessage(stack, (error as { message?: unknown }).message);
  } catch {
    return undefined;
  }
}

/**
 * The stack without the error's message, which no report holds: a message
 * can hold lines that read as frames (a build log with a dependency's
 * stack), and one longer than the scrubber reads (256 KiB) would leave
 * only those. V8 prints the message in the stack's first line, after the
 * class; a message found first after that line is left where it is.
 */
function withoutMessage(stack: string, message: unknown): string {
  if (typeof message !== "string" || message === "") return stack;
  const at = stack.indexOf(message);
  if (at === -1 || at > 1024 || stack.lastIndexOf("\n", at) !== -1) return stack;
  return stack.slice(0, at) + stack.slice(at + message.length);
}

/**
 * Whether a frame of `stack` may run the user's code (redact/user-code.ts):
 * only then is the tool's folder looked for, so a tool installed from npm,
 * whose frames all are in node_modules, does not look.
 */
function mayHoldUserCode(stack: string): boolean {
  for (const line of stack.split("\n")) {
    const frame = parseFrameLine(line);
    if (frame !== undefined && mayBeUserCode(frame.location)) return true;
  }
  return false;
}

/** Builds the report and writes it. Throws what went wrong; the caller logs its code. */
export function captureReport(context: CaptureContext, input: CaptureInput): SavedCapture {
  const { config } = context;
  const gitRemoteUrl = readGitOriginUrl(context.cwd);
  const { framesMadeUp: _madeUp, madeUpFrom, ...fields } = input;
  const reportInput: ReportInput = {
    ...fields,
    app: config.app,
    appVersion: config.version ?? "0.0.0",
    platform: process.platform,
    arch: process.arch,
    runtime: input.runtime ?? runtimeVersions(),
    context: withOriginRepo(config.redaction, gitRemoteUrl),
    reportId: randomReportId(),
    now: new Date(context.now()),
  };
  if (gitRemoteUrl !== undefined) reportInput.gitRemoteUrl = gitRemoteUrl;
  const stack =
    madeUpFrom !== undefined &&
    redactValue(madeUpFrom.words, reportInput.context) !== madeUpFrom.words
      ? madeUpFrom.redactedStack
      : (input.stack ?? readStack(input.error));
  // Frames of this process's own code: which are the tool's and which the
  // user's (a config file or plugin the tool runs). A bash script's frames
  // come as names, with no file.
  const toolRoot =
    stack !== undefined &&
    input.runtime === undefined &&
    input.framesMadeUp !== true &&
    mayHoldUserCode(stack)
      ? findToolRoot(config.redaction.home, context.mainScript, config.app)
      : undefined;
  const isUserCode =
    toolRoot === undefined ? undefined : userCodeTest({ toolRoot, workDir: context.cwd });
  if (toolRoot !== undefined) {
    reportInput.toolRoot = toolRoot;
    reportInput.workDir = context.cwd;
  }
  // Names the runtime gave the tool's frames that their files do not hold
  // dropped; then frames of a bundled host that ships source maps, back to
  // original names. The user's own files are not read.
  if (stack !== undefined) {
    reportInput.stack = mapStackToSource(
      withNamesFromFiles(stack, isUserCode),
      undefined,
      isUserCode,
    );
  }
  const report = buildReport(reportInput);
  // With no endpoint there is nowhere to send it: it is kept, not queued.
  const queue = config.endpoint !== undefined && context.state !== "off";
  const saved = saveReport(config.paths, report, queue);
  return {
    id: report.report_id.slice(0, 8),
    reportId: report.report_id,
    file: saved.file,
    queued: saved.queued,
    ...(saved.recorded ? {} : { unrecordedIn: config.paths.writtenReportsFile }),
  };
}
