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
  | "SUBMIT_FAILED";

// crashfix/cli is one bundled file, and the parts it loads on demand (the
// zod config check, the commands) are separate modules with their own copy
// of this class. The brand keeps `instanceof CrashfixError` true across
// copies, so a host catching an INVALID_CONFIG from createCrashReporter
// sees the class it imported.
const BRAND = Symbol.for("crashfix.CrashfixError");

export class CrashfixError extends Error {
  readonly code: CrashfixErrorCode;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }

  constructor(code: CrashfixErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CrashfixError";
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}
