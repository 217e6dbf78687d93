import { CrashfixError } from "../errors.js";
import { fs } from "../node-builtins.js";
import { findApp } from "./find-app.js";
import { parseJsonObject, readHostSettings } from "./host-settings.js";
import type { ClientEnv } from "./read-client-env.js";
import type { CrashReporterConfig } from "./reporter-config.js";
import { type ResolvedConfig, resolveConfig } from "./resolve-config.js";
import { resolvePaths } from "./resolve-paths.js";
import { appIdRuleBroken, validateCommandConfig } from "./validate-config.js";

const { readFileSync } = fs;

export type ConfigSource = {
  /** The host's own config, when it mounts the commands. */
  hostConfig: CrashReporterConfig | undefined;
  /** `--app <id>`. */
  app: string | undefined;
  /** `--config <file>`. */
  configPath: string | undefined;
  clientEnv: ClientEnv;
  cwd: string;
  home: string;
};

function readConfigFlagFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      `cannot read --config file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { cause: error },
    );
  }
  return parseJsonObject(text, `--config file ${path}`);
}

/**
 * Which app a command acts for, and its settings, from one of three places:
 * the host's own config (mounted commands); a `--config` JSON file; or the
 * app named by `--app`, CRASHFIX_APP or found on disk (find-app.ts), with
 * the settings its host last installed and CRASHFIX_* variables over them
 * (the bash route). Checked by the same rules as createCrashReporter.
 */
export function loadCommandConfig(source: ConfigSource): ResolvedConfig {
  const options = { cwd: source.cwd, home: source.home };
  // A bad flag value is the command line's fault (exit 2), not a
  // configuration's (exit 3); checked before it names a folder to look in.
  const rule = source.app === undefined ? undefined : appIdRuleBroken(source.app);
  if (rule !== undefined) {
    throw new CrashfixError(
      "USAGE",
      `--app ${source.app} is not an app id: give the \`app\` of the host's crashfix config, ${rule}`,
    );
  }
  if (source.hostConfig !== undefined) {
    return resolveConfig(validateCommandConfig(source.hostConfig), options);
  }
  if (source.configPath !== undefined) {
    const raw = readConfigFlagFile(source.configPath);
    if (source.app !== undefined && raw.app !== source.app) {
      throw new CrashfixError(
        "USAGE",
        `--app ${source.app} does not match app "${String(raw.app)}" in ${source.configPath}`,
      );
    }
    return resolveConfig(validateCommandConfig(raw), options);
  }
  const { settings } = source.clientEnv;
  const app = source.app ?? settings.app ?? findApp(source.cwd, source.home);
  const { hostSettingsFile } = resolvePaths({ app, stateDir: settings.stateDir, ...options });
  const installed = readHostSettings(hostSettingsFile) ?? {};
  const merged: Record<string, unknown> = { ...installed, ...settings, app };
  return resolveConfig(validateCommandConfig(merged), options);
}
