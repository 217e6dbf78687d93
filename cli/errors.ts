// One error type for the whole client: a stable `code` a host or test can
// branch on, a message that says what to do, and the original `cause`.
export type CrashfixErrorCode =
  | "INVALID_CONFIG"
  | "CONFIG_FILE_CORRUPT"
  | "CONFIG_FILE_UNWRITABLE"
  | "REPORT_NOT_FOUND"
  | "REPORT_AMBIGUOUS"
  | "REPORT_CORRUPT"
  | "USAGE"
  | "CAPTURE_FAILED"
  | "SCRUBBER_UNAVAILABLE"
  | "WRITTEN_LIST_UNREADABLE"
  | "SUBMIT_FAILED"
  | "COPY_FAILED"
  | "SHELL_SCRIPT_MISSING";

export class CrashfixError extends Error {
  // The class keeps its name through the minifier, so Node prints an
  // uncaught one as CrashfixError, not as the one letter the bundle gave it.
  static {
    Object.defineProperty(CrashfixError, "name", { value: "CrashfixError" });
  }

  readonly code: CrashfixErrorCode;

  constructor(code: CrashfixErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CrashfixError";
    this.code = code;
  }
}
