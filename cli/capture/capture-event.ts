import { logCaptureFailure } from "../store/log-capture-failure.js";
import type { CaptureContext, CaptureInput, SavedCapture } from "./capture-report.js";
import { saveScrubberCode, scrubber } from "./scrubber.js";

export type { CaptureContext, CaptureInput };

export type CaptureResult = ({ ok: true } & SavedCapture) | { ok: false; code: string };

/**
 * Scrub, whitelist, write: synchronous, so it also works in a dying
 * process. Never throws. If anything fails, nothing is written and only the
 * error code goes to the local log (fail closed).
 */
export function captureEvent(context: CaptureContext, input: CaptureInput): CaptureResult {
  const { config } = context;
  try {
    const saved = scrubber(config.paths, context.ending).captureReport(context, input);
    // After the report is safely written: the next capture starts faster. A
    // process that is ending saves it after its crash notice (the reporter's
    // exit handler), so the notice's code is compiled in it too.
    if (!context.ending) saveScrubberCode();
    return { ok: true, ...saved };
  } catch (error) {
    const code =
      typeof (error as { code?: unknown })?.code === "string"
        ? String((error as { code: string }).code)
        : "CAPTURE_FAILED";
    logCaptureFailure(config.paths.logFile, code, new Date(context.now()));
    return { ok: false, code };
  }
}
