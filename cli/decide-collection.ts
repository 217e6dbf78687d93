import { type ConfigFile, describeBadLines, readConfigFile } from "./config-file.js";
import { isCI } from "./detect-ci.js";

export type CollectionDecision = {
  /** True only when every kind of collection (crash reports, usage telemetry) may run. */
  enabled: boolean;
  /** Human-readable why, e.g. `DO_NOT_TRACK=1`, `TELEMETRY_DISABLED=true in ~/.loki/config`. */
  reason: string;
  source: "env" | "config" | "ci" | "default";
};

export type DecideCollectionOptions = {
  envPrefix: string;
  /** Path of `~/.<app>/config`. */
  configPath: string;
  env?: NodeJS.ProcessEnv;
  /** Already-read config file, to spare a second read. */
  configFile?: ConfigFile;
};

const OFF = new Set(["off", "0", "false", "no"]);
const ON = new Set(["on", "1", "true", "yes"]);

function off(source: CollectionDecision["source"], reason: string): CollectionDecision {
  return { enabled: false, reason, source };
}

/**
 * The one switch every kind of collection in a host must consult.
 *
 * Any opt-out wins over any opt-in. Values we do not recognise turn
 * collection off (fail closed) and the reason names the fix. Parsed by hand
 * rather than with zod: this runs at every start of the host, and loading
 * zod costs more than the whole rest of the client.
 *
 * CI: off unless `<PREFIX>_TELEMETRY=on` is set explicitly (see
 * docs/PRIVACY.md for why, and how Next.js, .NET and Homebrew differ).
 */
export function decideCollection(options: DecideCollectionOptions): CollectionDecision {
  const env = options.env ?? process.env;
  const prefix = options.envPrefix;

  const telemetryName = `${prefix}_TELEMETRY`;
  const telemetry = (env[telemetryName] ?? "").trim().toLowerCase();
  if (OFF.has(telemetry)) return off("env", `${telemetryName}=${env[telemetryName]}`);
  if (telemetry !== "" && !ON.has(telemetry)) {
    return off("env", `${telemetryName} has an unknown value; use on or off`);
  }

  const disabledName = `${prefix}_TELEMETRY_DISABLED`;
  const disabled = (env[disabledName] ?? "").trim().toLowerCase();
  if (disabled === "true" || disabled === "1") return off("env", `${disabledName}=${disabled}`);
  if (disabled !== "" && disabled !== "false" && disabled !== "0") {
    return off("env", `${disabledName} has an unknown value; use true or false`);
  }

  // https://consoledonottrack.com: any value but empty or 0 means "do not track".
  const dnt = env.DO_NOT_TRACK;
  if (dnt !== undefined && dnt.trim() !== "" && dnt.trim() !== "0") {
    return off("env", `DO_NOT_TRACK=${dnt.trim() === "1" ? "1" : "set"}`);
  }

  let config: ConfigFile;
  try {
    config = options.configFile ?? readConfigFile(options.configPath);
  } catch (error) {
    return off("config", (error as Error).message);
  }
  if (config.badLines.length > 0) return off("config", describeBadLines(config));
  const stored = (config.values.TELEMETRY_DISABLED ?? "").trim().toLowerCase();
  if (stored === "true" || stored === "1") {
    return off("config", `TELEMETRY_DISABLED=${stored} in ${config.path}`);
  }
  if (stored !== "" && stored !== "false" && stored !== "0") {
    return off("config", `TELEMETRY_DISABLED in ${config.path} has an unknown value`);
  }

  if (isCI(env) && !ON.has(telemetry)) {
    return off("ci", `CI detected; set ${telemetryName}=on to send from CI`);
  }
  return {
    enabled: true,
    reason: ON.has(telemetry) ? `${telemetryName}=${env[telemetryName]}` : "default",
    source: ON.has(telemetry) ? "env" : "default",
  };
}
