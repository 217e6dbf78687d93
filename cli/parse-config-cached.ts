import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigSchema } from "./load-lazily.js";
import {
  type ParsedConfig,
  type ResolvedConfig,
  type ResolveOptions,
  resolveConfig,
} from "./resolve-config.js";
import { writeFileAtomic } from "./write-file-atomic.js";

// Bump when reporterConfigSchema changes, so old stamps stop matching.
const STAMP = "crashfix-config-schema-1\n";

function plainJson(value: unknown, depth = 0): boolean {
  if (depth > 5) return false;
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every((item) => plainJson(item, depth + 1));
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as object).every((item) => plainJson(item, depth + 1));
}

/**
 * zod validates the host's config, but zod takes tens of milliseconds to
 * load and the config is a constant in the host's code. So a config that
 * passed once is stamped (its exact JSON) in the state directory, and a
 * later start with the identical config skips loading zod. Any change, an
 * upgrade of the schema, or a config that is not plain JSON validates again.
 */
export function parseReporterConfigCached(input: unknown, options: ResolveOptions): ResolvedConfig {
  let stampFile: string | undefined;
  let text: string | undefined;
  let guess: ResolvedConfig | undefined;
  try {
    if (plainJson(input) && typeof input === "object" && input !== null) {
      text = `${STAMP}${JSON.stringify(input)}\n`;
      guess = resolveConfig(input as ParsedConfig, options);
      stampFile = join(guess.paths.stateDir, "crashfix-config.validated");
      if (readFileSync(stampFile, "utf8") === text) return guess;
    }
  } catch {
    // no stamp yet, or a config too odd to resolve: validate below
  }
  const resolved = loadConfigSchema().parseReporterConfig(input, options);
  if (stampFile !== undefined && text !== undefined) {
    try {
      writeFileAtomic(stampFile, text);
    } catch {
      // read-only home: validate every time
    }
  }
  return resolved;
}
