import { splitLines } from "../../redact/split-lines.js";
import { CrashfixError } from "../errors.js";
import { fs } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";
import { unreadableFile } from "./unreadable-file.js";

const { readFileSync } = fs;

// `~/.<app>/config` is shell-style KEY=VALUE lines (the same file a bash
// route of the host sources), with `#` comments and blank lines. We only
// ever rewrite the keys we own and keep every other line byte for byte.
export type UserConfigFile = {
  path: string;
  exists: boolean;
  lines: string[];
  values: Record<string, string>;
  /** 1-based line numbers that are not KEY=VALUE, comments or blank. */
  badLines: number[];
};

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    return value.slice(1, -1);
  }
  return value;
}

export function parseConfigText(path: string, text: string): UserConfigFile {
  const lines = splitLines(text);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const values: Record<string, string> = {};
  const badLines: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const match = LINE.exec(line);
    // A NUL byte means a binary or truncated file, never a config line.
    if (!match || line.includes("\u0000")) {
      badLines.push(index + 1);
      return;
    }
    values[match[1] as string] = unquote(match[2] as string);
  });
  return { path, exists: true, lines, values, badLines };
}

/** Reads the file; a missing file is an empty config. Throws CONFIG_FILE_CORRUPT when unreadable. */
export function readUserConfigFile(path: string): UserConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { path, exists: false, lines: [], values: {}, badLines: [] };
    }
    throw new CrashfixError("CONFIG_FILE_CORRUPT", unreadableFile(path, error), { cause: error });
  }
  return parseConfigText(path, text);
}

export function describeBadLines(config: UserConfigFile): string {
  return `${config.path} line ${config.badLines.join(", ")} is not KEY=VALUE: fix or delete ${config.badLines.length > 1 ? "those lines" : "that line"}`;
}

/**
 * Sets (or with `undefined` removes) keys, keeping every other line and
 * comment in place, and writes atomically. Lines we cannot parse are kept
 * verbatim too: an opt-out must work even next to a broken line.
 */
export function updateUserConfigFile(
  path: string,
  updates: Record<string, string | undefined>,
): void {
  const current = readUserConfigFile(path);
  const written = new Set<string>();
  const out: string[] = [];
  for (const line of current.lines) {
    const key = LINE.exec(line)?.[1];
    if (key === undefined || !Object.hasOwn(updates, key)) {
      out.push(line);
      continue;
    }
    // The first occurrence is replaced in place; later duplicates go, so the
    // file cannot say two things about one key.
    const value = updates[key];
    if (!written.has(key) && value !== undefined) out.push(`${key}=${value}`);
    written.add(key);
  }
  for (const [key, value] of Object.entries(updates)) {
    if (!written.has(key) && value !== undefined) out.push(`${key}=${value}`);
  }
  try {
    writeFileAtomic(path, out.length > 0 ? `${out.join("\n")}\n` : "", 0o600);
  } catch (error) {
    throw new CrashfixError(
      "CONFIG_FILE_UNWRITABLE",
      `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}): check the directory's permissions`,
      { cause: error },
    );
  }
}

/** TELEMETRY_DISABLED as the file gives it, trimmed and lower-cased; "" when it is not set. */
export function storedTelemetryDisabled(config: UserConfigFile): string {
  return (config.values.TELEMETRY_DISABLED ?? "").trim().toLowerCase();
}

/** Whether the file's TELEMETRY_DISABLED turns collection off: `true`, `1`, or a value not known (fail closed). */
export function storedOptOut(config: UserConfigFile): boolean {
  return !["", "false", "0"].includes(storedTelemetryDisabled(config));
}

/** A TELEMETRY_DISABLED value that is neither an opt-out nor an opt-in, in words that name the fix; else undefined. */
export function unknownValueProblem(config: UserConfigFile): string | undefined {
  const stored = storedTelemetryDisabled(config);
  return ["", "true", "1", "false", "0"].includes(stored)
    ? undefined
    : `TELEMETRY_DISABLED in ${config.path} has an unknown value; use true or false`;
}

/**
 * What is wrong with the file, in the words that name the fix, or
 * undefined when it reads and parses (a missing file is fine). A value we
 * do not recognise is a problem too: it turns collection off (fail closed)
 * as a broken line does, so the commands exit 3 for both.
 */
export function userConfigFileProblem(path: string): string | undefined {
  let file: UserConfigFile;
  try {
    file = readUserConfigFile(path);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return file.badLines.length > 0 ? describeBadLines(file) : unknownValueProblem(file);
}
