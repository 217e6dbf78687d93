// Strict JSON decoding for the report body: valid UTF-8 only (a lenient
// decoder would turn bad bytes into U+FFFD and let them through), no lone
// surrogates in any string, no key or value that could reach a prototype.

export type DecodeResult = { ok: true; value: unknown } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const MAX_DEPTH = 8;
// A high surrogate not followed by a low one, or a low one not preceded by a
// high one (String.prototype.isWellFormed is ES2024, past our lib target).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function check(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return "nested too deeply";
  if (typeof value === "string") return isWellFormed(value) ? undefined : "lone surrogate";
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = check(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "__proto__" || key === "constructor" || key === "prototype") {
        return "forbidden key";
      }
      if (!isWellFormed(key)) return "lone surrogate";
      const problem = check(item, depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

export function decodeJson(body: Buffer): DecodeResult {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { ok: false, reason: "body is not UTF-8" };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "body is not a JSON object" };
  }
  const problem = check(value, 0);
  return problem ? { ok: false, reason: problem } : { ok: true, value };
}
