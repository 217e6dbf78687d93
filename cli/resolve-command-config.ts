import { readFileSync } from "node:fs";
import type { CrashReporterConfig } from "./config-schema.js";
import { CrashfixError } from "./errors.js";
import { loadConfigSchema } from "./load-lazily.js";
import type { ResolvedConfig } from "./resolve-config.js";
import { FLUSH_CONFIG_ENV } from "./spawn-flusher.js";

const FROM_ENV: [key: keyof CrashReporterConfig, name: string][] = [
  ["version", "CRASHFIX_VERSION"],
  ["repo", "CRASHFIX_REPO"],
  ["endpoint", "CRASHFIX_ENDPOINT"],
  ["displayName", "CRASHFIX_DISPLAY_NAME"],
  ["command", "CRASHFIX_COMMAND"],
  ["stateDir", "CRASHFIX_STATE_DIR"],
  ["projectDir", "CRASHFIX_PROJECT_DIR"],
  ["envPrefix", "CRASHFIX_ENV_PREFIX"],
];

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      `cannot read ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { cause: error },
    );
  }
  return parseJson(text, `${what} ${path}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CrashfixError("INVALID_CONFIG", `${what} is not valid JSON: fix or remove it`, {
      cause: error,
    });
  }
}

/**
 * Which app a command acts for: the host's own config when mounted, else
 * `--config <file>`, else `--app <id>` (or CRASHFIX_APP) with CRASHFIX_*
 * variables for the rest. The background flusher gets its config from its
 * parent through the environment.
 */
export function resolveCommandConfig(input: {
  hostConfig: CrashReporterConfig | undefined;
  app: string | undefined;
  configPath: string | undefined;
  internalFlush: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string | undefined;
}): { config: ResolvedConfig; raw: unknown } {
  const options: { cwd: string; home?: string } = { cwd: input.cwd };
  if (input.home !== undefined) options.home = input.home;
  const schema = loadConfigSchema();
  let raw: unknown;
  if (input.internalFlush) {
    raw = parseJson(input.env[FLUSH_CONFIG_ENV] ?? "", FLUSH_CONFIG_ENV);
  } else if (input.hostConfig !== undefined) {
    raw = input.hostConfig;
  } else if (input.configPath !== undefined) {
    raw = readJson(input.configPath, "--config file");
    const app = (raw as { app?: unknown } | null)?.app;
    if (input.app !== undefined && app !== input.app) {
      throw new CrashfixError(
        "USAGE",
        `--app ${input.app} does not match app "${String(app)}" in ${input.configPath}`,
      );
    }
  } else {
    const app = input.app ?? input.env.CRASHFIX_APP;
    if (app === undefined || app === "") {
      throw new CrashfixError(
        "USAGE",
        "say which app: --app <id>, --config <file>, or CRASHFIX_APP",
      );
    }
    const built: Record<string, string> = { app };
    for (const [key, name] of FROM_ENV) {
      const value = input.env[name];
      if (value !== undefined && value !== "") built[key] = value;
    }
    raw = built;
  }
  return { config: schema.parseCommandConfig(raw, options), raw };
}
