import { CrashfixError } from "../errors.js";
import { fs } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";
import type { ResolvedConfig } from "./resolve-config.js";
import { unreadableFile } from "./unreadable-file.js";

const { readFileSync } = fs;

// A host's settings live in its code. The standalone `crashfix` command,
// and the background flush, run without that code, so each install writes
// them to `<stateDir>/crashfix.json` (only when they changed): with it,
// `crashfix --app loki crash submit` knows loki's endpoint and privacy
// page. The scrubber's context (home, repo root, repo names) is not written.

/** The JSON the settings file holds; the same shape a `--config` file has. */
export function hostSettingsText(config: ResolvedConfig): string {
  const { redaction: _redaction, ...kept } = config.given;
  return `${JSON.stringify(kept, null, 2)}\n`;
}

/** Writes the settings file when its content differs. Never throws: the host must start regardless. */
export function saveHostSettings(config: ResolvedConfig): void {
  const text = hostSettingsText(config);
  try {
    if (readFileSync(config.paths.hostSettingsFile, "utf8") === text) return;
  } catch {
    // missing: write it
  }
  try {
    writeFileAtomic(config.paths.hostSettingsFile, text);
  } catch {
    // a read-only home: the standalone command then needs --config or CRASHFIX_* settings
  }
}

/** The settings a host's last install wrote, or undefined when there are none. */
export function readHostSettings(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CrashfixError("INVALID_CONFIG", unreadableFile(file, error), { cause: error });
  }
  return parseJsonObject(text, file);
}

export function parseJsonObject(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CrashfixError("INVALID_CONFIG", `${file} is not valid JSON: fix or delete it`, {
      cause: error,
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CrashfixError("INVALID_CONFIG", `${file} must hold a JSON object: fix or delete it`);
  }
  return value as Record<string, unknown>;
}
