/** Why a report could not be built. The caller writes and sends nothing when this is thrown. */
export type ReportBuildErrorCode = "REDACTION_FAILED" | "INVALID_INPUT";

/**
 * Thrown by `buildReport` when it cannot guarantee a clean, schema-valid report
 * (fail closed: no partial report ever leaves the function).
 */
export class ReportBuildError extends Error {
  // Kept through the minifier: an uncaught one prints as ReportBuildError.
  static {
    Object.defineProperty(ReportBuildError, "name", { value: "ReportBuildError" });
  }

  readonly code: ReportBuildErrorCode;

  constructor(code: ReportBuildErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportBuildError";
    this.code = code;
  }
}
