import { once } from "./once.js";

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
 * The classes of JavaScript and the web platform an error may be made
 * from: names no one chose for a program of their own.
 */
const BUILT_IN_CLASSES = new Set([
  "Error",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "AggregateError",
  "DOMException",
]);

/**
 * The error codes of the system and Node's DNS resolver (libuv's and
 * c-ares' names, as Node sets them in `code`): words no user chose. Made
 * on first use: splitting and filing them cost a crash whose error has no
 * code 0.2 ms.
 */
const systemCodes = once(
  () =>
    new Set(
      (
        "E2BIG EACCES EADDRINUSE EADDRNOTAVAIL EAFNOSUPPORT EAGAIN EALREADY EBADF EBUSY " +
        "ECANCELED ECHARSET ECONNABORTED ECONNREFUSED ECONNRESET EDESTADDRREQ EDQUOT EEXIST " +
        "EFAULT EFBIG EFTYPE EHOSTDOWN EHOSTUNREACH EILSEQ EINTR EINVAL EIO EISCONN EISDIR " +
        "ELOOP EMFILE EMLINK EMSGSIZE ENAMETOOLONG ENETDOWN ENETUNREACH ENFILE ENOBUFS ENODATA " +
        "ENODEV ENOENT ENOEXEC ENOMEM ENONET ENOPROTOOPT ENOSPC ENOSYS ENOTCONN ENOTDIR " +
        "ENOTEMPTY ENOTSOCK ENOTSUP ENOTTY ENXIO EOF EOVERFLOW EPERM EPIPE EPROTO " +
        "EPROTONOSUPPORT EPROTOTYPE ERANGE EREMOTEIO EROFS ESHUTDOWN ESOCKTNOSUPPORT ESPIPE " +
        "ESRCH ETIMEDOUT ETXTBSY EUNATCH EXDEV ENOTFOUND ESERVFAIL EFORMERR ENOTIMP EREFUSED " +
        "EBADQUERY EBADNAME EBADFAMILY EBADRESP ETIMEOUT EFILE EDESTRUCTION EBADSTR EBADFLAGS " +
        "ENONAME EBADHINTS ENOTINITIALIZED ECANCELLED"
      ).split(" "),
    ),
);

/**
 * The class of an error not made in the tool's own code (redact/README.md
 * rule 11: the user's code, code a host evaluated, or no frame to tell by),
 * whose name and code its maker chose: a system error code (ENOENT), else
 * the nearest built-in class it is made from (`class PayrollError extends
 * Error` is `Error`), read by constructor name so an error from another
 * realm (`vm`) counts too. A value made from none is "NonError". Never throws.
 */
export function builtInErrorClass(error: unknown): string {
  if (error === null || (typeof error !== "object" && typeof error !== "function")) {
    return "NonError";
  }
  return systemCode(error) ?? nearestBuiltInClass(error) ?? "NonError";
}

/** The value's `code` where it is one the system or Node's resolver sets. */
function systemCode(value: object): string | undefined {
  const code = readProperty(value, "code");
  return typeof code === "string" && systemCodes().has(code) ? code : undefined;
}

/** The built-in error class `value` is made from, by constructor name; undefined for none. */
function nearestBuiltInClass(value: object): string | undefined {
  try {
    let proto: unknown = Object.getPrototypeOf(value);
    for (let depth = 0; depth < 16 && proto !== null && proto !== undefined; depth += 1) {
      const ctor = readProperty(proto as object, "constructor");
      const name = typeof ctor === "function" ? readProperty(ctor, "name") : undefined;
      if (typeof name === "string" && BUILT_IN_CLASSES.has(name)) return name;
      proto = Object.getPrototypeOf(proto);
    }
  } catch {
    // a Proxy that refuses: no class to trust
  }
  return undefined;
}

/**
 * The class of a thrown value: a system error's code (ENOENT), else the
 * error's name, else its constructor's name, else the header of its stack.
 * Values that are not errors are "NonError" (a thrown string or number, a
 * plain object such as `{ name, message }`, an instance of a class not made
 * from Error), and so is a `given` value with none of those (null,
 * undefined): a capture of something that is not an error is not grouped
 * with every nameless Error. "Error" is left for a report with no value at all.
 */
export function deriveErrorClass(
  error: unknown,
  stack: string | undefined,
  given = error !== undefined,
): string {
  if (error !== undefined && error !== null) {
    if (typeof error !== "object" && typeof error !== "function") return "NonError";
    // A value made from no error class (`throw { name, code }`) has no
    // stack to tell who made it: its name and code are any text its thrower chose.
    if (nearestBuiltInClass(error) === undefined) return systemCode(error) ?? "NonError";
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
