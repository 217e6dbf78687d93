/** errno-style codes of system errors (ENOENT, EACCES, ECONNREFUSED), not ERR_* codes. */
const SYSTEM_CODE = /^E[A-Z0-9]{2,30}$/;
const STACK_HEADER = /^([A-Za-z_$][A-Za-z0-9_$.]{0,79})(?::|$)/;

function readProperty(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * The class of a thrown value: a system error's code (ENOENT), else the
 * error's name, else its constructor's name, else the header of its stack.
 * Values that are not objects are "NonError" (a thrown string or number),
 * and so is a `given` value with none of those (null, undefined, a plain
 * object such as `{ message }`): a capture of something that is not an
 * error is not grouped with every nameless Error. "Error" is left for a
 * report with no value at all.
 */
export function deriveErrorClass(
  error: unknown,
  stack: string | undefined,
  given = error !== undefined,
): string {
  if (error !== undefined && error !== null) {
    if (typeof error !== "object" && typeof error !== "function") return "NonError";
    const code = readProperty(error, "code");
    if (typeof code === "string" && SYSTEM_CODE.test(code)) return code;
    const name = readProperty(error, "name");
    const ctor = readProperty(error, "constructor");
    const ctorName = typeof ctor === "function" ? readProperty(ctor, "name") : undefined;
    if (typeof name === "string" && name.length > 0 && name !== "Error") return name;
    if (typeof ctorName === "string" && ctorName.length > 0 && ctorName !== "Object")
      return ctorName;
    if (typeof name === "string" && name.length > 0) return name;
  }
  if (typeof stack === "string") {
    const header = STACK_HEADER.exec(stack.slice(0, 200));
    if (header?.[1] !== undefined) return header[1];
  }
  return given ? "NonError" : "Error";
}
