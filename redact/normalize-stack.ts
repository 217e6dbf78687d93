import { charClass, foldToClass, isRegexSpace } from "./char-class.js";
import { fileStem } from "./file-stem.js";
import { parseFrameLine, type RawFrame } from "./parse-frame.js";
import { isRuntimeLocation, lineAndColumn, withoutPosition } from "./path-text.js";
import { splitLines } from "./split-lines.js";
import { type OwnCode, USER_CODE, userCodeTest } from "./user-code.js";

/** Longest stack text read; deeper frames never reach the top N anyway. */
const MAX_STACK_CHARS = 262_144;
/** Longest signature kept. */
const MAX_SIGNATURE_LENGTH = 100;

/** Event-loop plumbing that shows up under a named frame in some runtimes. */
const RUNTIME_FUNCTIONS = new Set([
  "processTicksAndRejections",
  "runMicrotasks",
  "runNextTicks",
  "listOnTimeout",
  "processTimers",
  "processImmediate",
  "processPromiseRejections",
  "moduleEvaluation",
  "asyncFunctionResume",
  "promiseReactionJob",
  "promiseReactionJobWithoutPromise",
  "requestImportModule",
  "loadAndEvaluateModule",
  "asyncModuleEvaluation",
  "eventLoopTick",
]);

/** Names that mean "no name": top-level code and computed keys. */
const ANONYMOUS_NAMES = new Set([
  "",
  "<anonymous>",
  "anonymous",
  "global code",
  "module code",
  "<computed>",
]);

/**
 * Node's timer slots, which V8 names an unnamed callback after: it prints
 * `Timeout._onTimeout` for `setTimeout(() => ...)` and
 * `Immediate._onImmediate` for `setImmediate(() => ...)`, the property Node
 * calls it through. Read as names, every timer callback in every app is one
 * signature; they are unnamed callbacks (`Timeout.named [as _onTimeout]`
 * keeps `named`).
 */
const TIMER_SLOTS = new Set(["Timeout._onTimeout", "Immediate._onImmediate"]);

function isRuntimeFrame(frame: RawFrame): boolean {
  const location = frame.location.trim();
  return location.length === 0 || isRuntimeLocation(location);
}

function isEvalFrame(frame: RawFrame): boolean {
  return (
    frame.fn === "eval" ||
    frame.fn.startsWith("eval code") ||
    frame.location.startsWith("eval at ") ||
    frame.location.includes(", <anonymous>:")
  );
}

// The two readings below are by character: a crash reads four frames or
// more, and V8 compiled each regex that did this twice per crash (its
// bytecode, then machine code). tests/redact/read-by-character.test.ts holds
// them to the regexes.

/** The name without a ` [as alias]` that ends it, as /\s\[as [^\]]{0,200}\]$/ removed it. */
export function withoutAlias(name: string): string {
  const end = name.length - 1;
  if (name.charCodeAt(end) !== 0x5d) return name;
  // The alias holds no `]`, and at most 200 characters.
  const floor = Math.max(name.lastIndexOf("]", end - 1) - 3, end - 204, 1);
  for (
    let at = name.indexOf("[as ", floor);
    at !== -1 && at <= end - 4;
    at = name.indexOf("[as ", at + 1)
  ) {
    if (isRegexSpace(name.charCodeAt(at - 1))) return name.slice(0, at - 1);
  }
  return name;
}

const KEYWORDS = ["async", "new", "get", "set", "static"];

/** The name without the keyword that starts it and the blanks after, as /^(?:async|new|get|set|static)\s+/ removed them. */
export function withoutKeyword(name: string): string {
  for (const keyword of KEYWORDS) {
    if (!name.startsWith(keyword) || !isRegexSpace(name.charCodeAt(keyword.length))) continue;
    let at = keyword.length + 1;
    while (isRegexSpace(name.charCodeAt(at))) at += 1;
    return name.slice(at);
  }
  return name;
}

/**
 * The bare function name: no `async `/`new `/`get `/`set ` keywords, no
 * ` [as alias]`, no receiver (`ApiClient.request` and Bun's `request` meet).
 */
export function functionName(fn: string): string {
  let name = withoutAlias(fn.trim());
  for (let stripped = withoutKeyword(name); stripped !== name; stripped = withoutKeyword(name)) {
    name = stripped;
  }
  if (name.endsWith("]")) {
    // Symbol-keyed methods: `Foo.[Symbol.iterator]`.
    const open = name.lastIndexOf("[");
    if (open !== -1) return name.slice(open + 1, -1);
  }
  const dot = name.lastIndexOf(".");
  return dot === -1 ? name : name.slice(dot + 1);
}

const SIGNATURE_CHARS = charClass("A-Za-z0-9_.:#-");

/** Keep a signature inside the report's character set (letters, digits, `_.:#-`). */
export function sanitizeSignature(text: string): string {
  const cleaned = foldToClass(text, SIGNATURE_CHARS, MAX_SIGNATURE_LENGTH);
  return cleaned.length === 0 ? "_" : cleaned;
}

const MINIFIED_ENDINGS = ["min.js", "min.cjs", "min.mjs"].flatMap((end) => [`.${end}`, `-${end}`]);

/** A bundler's minified output by name (`cli.min.js`, `app-min.mjs:1:2`). */
export function isMinifiedFile(location: string): boolean {
  const file = withoutPosition(location);
  return MINIFIED_ENDINGS.some((ending) => file.endsWith(ending));
}
/** No hand-written line is this long: a frame this far right is in minified code. */
const MINIFIED_COLUMN = 300;

/**
 * A frame in minified code, where names are one or two letters that every
 * bundle reuses: its line and column, which are the same for every user of
 * one build (a published file is byte-identical everywhere), so two bugs in
 * one bundle do not share a signature. Undefined for ordinary code.
 */
function minifiedPosition(
  location: string,
  position: [string, string] | undefined,
): string | undefined {
  if (position === undefined) return undefined;
  if (!isMinifiedFile(location) && Number(position[1]) < MINIFIED_COLUMN) return undefined;
  return `${position[0]}:${position[1]}`;
}

/** A frame's signature, and its words as the stack wrote them, before folding into the signature's characters. */
export type WrittenSignature = { signature: string; written: string };

/**
 * Signature of one app frame: its function name, or `anon:<file stem>` when
 * it has none; in minified code, the name, the stem and the position
 * (`t:cli:1:20345`). The innermost app frame, where the error was thrown,
 * keeps its line when it has no name (`anon:cli:25`): a script's top-level
 * code and its unnamed callbacks are all `anon:<stem>`, so without it every
 * error thrown there, of one class, would be one fingerprint.
 */
function frameSignature(frame: RawFrame, innermost: boolean): WrittenSignature {
  const name = functionName(frame.fn);
  const anonymous =
    ANONYMOUS_NAMES.has(name) || name.startsWith("<") || TIMER_SLOTS.has(frame.fn.trim());
  const lineColumn = lineAndColumn(frame.location.trim());
  const position = minifiedPosition(frame.location, lineColumn);
  // Most frames are named, in ordinary code: their file's stem is not read.
  if (position === undefined && !anonymous) {
    return { signature: sanitizeSignature(name), written: name };
  }
  const writtenStem = fileStem(frame.location);
  const stem = sanitizeSignature(writtenStem);
  const head = anonymous ? "anon" : name;
  if (position !== undefined) {
    return {
      signature: sanitizeSignature(`${head}:${stem}:${position}`),
      written: `${head}:${writtenStem}:${position}`,
    };
  }
  const tail = innermost && lineColumn !== undefined ? `:${lineColumn[0]}` : "";
  return {
    signature: sanitizeSignature(`anon:${stem}${tail}`),
    written: `anon:${writtenStem}${tail}`,
  };
}

/** The frame lines of the error itself: the last contiguous run of frames. */
function ownFrames(stack: string): RawFrame[] {
  const lines = splitLines(stack.slice(0, MAX_STACK_CHARS));
  let best: RawFrame[] = [];
  let run: RawFrame[] = [];
  for (const line of lines) {
    const frame = parseFrameLine(line);
    if (frame !== undefined) {
      run.push(frame);
      continue;
    }
    if (run.length > 0) best = run;
    run = [];
  }
  return run.length > 0 ? run : best;
}

/**
 * Turn a raw `err.stack` (Node/V8, Bun, Deno, Chromium/Electron, JavaScriptCore)
 * into frame signatures, top first: symbol names, no paths, columns or
 * addresses, and a line only for an unnamed frame where the error was thrown
 * or a minified one. Runtime and eval frames are dropped, consecutive
 * repeats (recursion) collapse into one. With `own`, a frame in the user's
 * own code (a config file or plugin the tool runs) is `user-code`, its
 * names and file unread. See redact/README.md for the rules.
 * Never throws; returns [] when no frame can be read.
 */
export function normalizeStack(stack: string, own?: OwnCode): string[] {
  return writtenSignatures(stack, own).map((frame) => frame.signature);
}

/**
 * normalizeStack's signatures, each with its words as the stack wrote them:
 * folding a name into the signature's characters can hide what the
 * scrubber looks for (`\u0430lice_smith` becomes `_lice_smith`), so the
 * report scrubs the written words too.
 */
export function writtenSignatures(stack: string, own?: OwnCode): WrittenSignature[] {
  if (typeof stack !== "string" || stack.length === 0) return [];
  try {
    const signatures: WrittenSignature[] = [];
    const isUserCode = userCodeTest(own);
    for (const frame of ownFrames(stack)) {
      if (isRuntimeFrame(frame) || isEvalFrame(frame)) continue;
      if (RUNTIME_FUNCTIONS.has(functionName(frame.fn))) continue;
      const signature: WrittenSignature =
        isUserCode?.(frame.location) === true
          ? { signature: USER_CODE, written: USER_CODE }
          : frameSignature(frame, signatures.length === 0);
      if (signatures[signatures.length - 1]?.signature !== signature.signature) {
        signatures.push(signature);
      }
    }
    return signatures;
  } catch {
    return [];
  }
}

/**
 * Whether a frame runs code a host evaluated from text: `eval`, `new
 * Function`, a `vm` script with no file name (`evalmachine.<anonymous>`)
 * or an empty one, `vm.compileFunction` (`<anonymous>` with a line and
 * column, where a builtin's `<anonymous>` has none). The signatures drop
 * such frames with the runtime's own.
 */
function isEvaluatedCode(frame: RawFrame): boolean {
  const location = frame.location.trim();
  return (
    isEvalFrame(frame) ||
    location.startsWith("evalmachine.") ||
    (location.startsWith("<anonymous>:") && lineAndColumn(location) !== undefined)
  );
}

/** A constructor's frame, as V8 prints it: `new BaseError`. */
function isConstructorFrame(frame: RawFrame): boolean {
  const fn = frame.fn.trimStart();
  return fn.startsWith("new") && isRegexSpace(fn.charCodeAt(3));
}

/** How many frames may run before the constructors of an error's class: a base's helper that captures the stack. */
const FRAMES_BEFORE_CONSTRUCTORS = 3;

/**
 * Whether the error of `stack` was made in the tool's own code or a
 * published package: its first frame that is not the runtime's own is
 * neither the user's (by `own`, as normalizeStack reads it; without `own`
 * no frame is) nor code a host evaluated. A base class that captures its
 * own stack (`Error.captureStackTrace(this)`, in its constructor or a
 * helper it calls) lists the constructors of the class made, the base's
 * first: the last of that run of constructor frames, within the first
 * frames, is the class's own, and the class is the user's when that frame
 * is (`new BaseError` in a package, then `new PayrollError` in the user's
 * file). A class of the tool's that the user's code constructs keeps its
 * name: that name is the tool's. False with no frame to tell by. Never
 * throws.
 */
export function madeByTool(stack: string, own: OwnCode | undefined): boolean {
  try {
    const isUserCode = userCodeTest(own);
    let seen = 0;
    let classFrame: RawFrame | undefined;
    for (const frame of ownFrames(typeof stack === "string" ? stack : "")) {
      if (seen === 0 && isEvaluatedCode(frame)) return false;
      if (isRuntimeFrame(frame)) continue;
      if (seen === 0 && isUserCode?.(frame.location) === true) return false;
      seen += 1;
      if (isConstructorFrame(frame)) classFrame = frame;
      else if (classFrame !== undefined || seen >= FRAMES_BEFORE_CONSTRUCTORS) break;
    }
    if (seen === 0) return false;
    return classFrame === undefined || isUserCode?.(classFrame.location) !== true;
  } catch {
    return false;
  }
}
