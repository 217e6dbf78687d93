import { type KeyVerdict, keyVerdict } from "./is-secret-key.js";
import { MAX_TREE_DEPTH, MAX_TREE_NODES } from "./limits.js";
import { luhnValid } from "./luhn.js";
import { redactString } from "./redact-value.js";
import type { RedactionContext } from "./redaction-context.js";
import { isCleanToken, redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { isSecretUnder } from "./value-shape.js";

const TOO_DEEP = redactionToken("TOO_DEEP");
const TOO_LARGE = redactionToken("TOO_LARGE");
const UNREADABLE = redactionToken("UNREADABLE");
const CIRCULAR = redactionToken("CIRCULAR");
const BINARY = redactionToken("BINARY");
const CARD = redactionToken("CARD_NUMBER");

interface Walk {
  context: RedactionContext | undefined;
  counter: RedactionCounter;
  nodes: number;
  /** Objects on the current path, for cycle detection (shared references elsewhere are fine). */
  path: Set<object>;
}

/** A JSON number that prints as a card number (13-19 digits, Luhn valid). */
function isCardLike(value: number): boolean {
  if (!Number.isSafeInteger(value) || value < 1e12) return false;
  const digits = String(value);
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
}

function walk(value: unknown, depth: number, state: Walk): unknown {
  switch (typeof value) {
    case "string":
      return redactString(value, state.context, state.counter);
    case "number":
      if (isCardLike(value)) {
        state.counter.count += 1;
        return CARD;
      }
      return value;
    case "boolean":
    case "undefined":
      return value;
    case "bigint":
      return redactString(value.toString(), state.context, state.counter);
    case "symbol":
    case "function":
      // Not data: dropped like JSON.stringify drops them.
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= MAX_TREE_DEPTH) {
    state.counter.count += 1;
    return TOO_DEEP;
  }
  if (state.path.has(object)) return CIRCULAR;
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    state.counter.count += 1;
    return BINARY;
  }
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? null : object.toISOString();
  }
  state.path.add(object);
  try {
    if (Array.isArray(object)) return walkArray(object, depth, state);
    if (object instanceof Map) return walkEntries([...object.entries()], depth, state);
    if (object instanceof Set) return walkArray([...object.values()], depth, state);
    if (object instanceof Error) {
      const fields: Array<[unknown, unknown]> = [
        ["name", object.name],
        ["message", object.message],
        ["stack", object.stack],
      ];
      for (const key of Object.keys(object)) fields.push([key, read(object, key)]);
      return walkEntries(fields, depth, state);
    }
    return walkEntries(
      Object.keys(object).map((key) => [key, read(object, key)]),
      depth,
      state,
    );
  } finally {
    state.path.delete(object);
  }
}

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/**
 * Own data property even for "__proto__" (or a key a polluted
 * Object.prototype has a setter for), so a key can never change the result's
 * prototype. Plain assignment where nothing is inherited: defineProperty per
 * key made up an eighth of scrubbing a report.
 */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in Object.prototype)) {
    target[key] = value;
    return;
  }
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function walkArray(items: unknown[], depth: number, state: Walk): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    state.nodes += 1;
    if (state.nodes > MAX_TREE_NODES) {
      state.counter.count += 1;
      out.push(TOO_LARGE);
      break;
    }
    out.push(walk(item, depth + 1, state));
  }
  return out;
}

/**
 * A value under a key that names a secret: strings and numbers by the same
 * rules as keyed text (value-shape.ts); objects and arrays under a strong
 * key go whole, whatever they hold (Sentry's "[Filtered]"); booleans,
 * null and undefined stay.
 */
function isSecretItem(verdict: KeyVerdict, item: unknown): boolean {
  if (typeof item === "string") return !isCleanToken(item) && isSecretUnder(verdict, item);
  if (typeof item === "number" || typeof item === "bigint")
    return isSecretUnder(verdict, String(item));
  if (item === null || typeof item !== "object") return false;
  return verdict.strength === "strong" || verdict.strength === "code";
}

function walkEntries(
  entries: Array<[unknown, unknown]>,
  depth: number,
  state: Walk,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, item] of entries) {
    state.nodes += 1;
    if (state.nodes > MAX_TREE_NODES) {
      state.counter.count += 1;
      setKey(out, TOO_LARGE, TOO_LARGE);
      break;
    }
    const keyText = typeof rawKey === "string" ? rawKey : String(rawKey);
    const key = redactString(keyText, state.context, state.counter);
    // A key the scrub changed is judged as it comes out too, so that
    // scrubbing the output again redacts nothing more.
    const verdict = keyVerdict(keyText) ?? (key === keyText ? undefined : keyVerdict(key));
    if (verdict !== undefined && isSecretItem(verdict, item)) {
      state.counter.count += 1;
      setKey(out, key, verdict.token);
      continue;
    }
    const value = walk(item, depth + 1, state);
    if (value !== undefined) setKey(out, key, value);
  }
  return out;
}

/**
 * Scrub a JSON-like value: every string (keys too) through `redactValue`,
 * every value under a secret-looking key replaced whole. Returns a new value
 * (the input is never mutated) and the number of redactions. Plain objects,
 * arrays, Map, Set, Error and Date are followed; cycles, binary data, and
 * trees deeper than 64 or larger than 100,000 nodes become markers. Never throws.
 */
export function redactTree(
  value: unknown,
  context?: RedactionContext,
): { value: unknown; count: number } {
  const counter: RedactionCounter = { count: 0 };
  try {
    const out = walk(value, 0, { context, counter, nodes: 0, path: new Set() });
    return { value: out, count: counter.count };
  } catch {
    return { value: redactionToken("UNSCRUBBABLE"), count: counter.count + 1 };
  }
}
