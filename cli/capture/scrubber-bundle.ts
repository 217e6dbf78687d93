// The crash-time half of the client, which the build writes as
// dist/scrubber.cjs and a capture loads compiled from its code cache
// (scrubber.ts): the scrubber and the report checks (redact/capture.ts), the
// capture's own work (capture-report.ts), and the notice printed after it
// (or the line that says why a report could not be saved).
export * from "../../redact/capture.js";
export { formatCaptureFailure } from "../notice/format-capture-failure.js";
export { formatCrashNotice } from "../notice/format-crash-notice.js";
export { captureReport } from "./capture-report.js";
