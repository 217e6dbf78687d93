import { asTheUserGaveIt } from "../config/env-for-children.js";
import { type HostEnv, readHostEnv, readHostSwitches } from "../config/read-client-env.js";
import { deriveEnvPrefix } from "../config/resolve-config.js";
import { resolvePaths } from "../config/resolve-paths.js";
import {
  describeBadLines,
  readUserConfigFile,
  storedTelemetryDisabled,
  type UserConfigFile,
  unknownValueProblem,
} from "../config/user-config-file.js";
import { homeDirectory } from "../node-builtins.js";
import { defaultFirstRunIO, type FirstRunIO, firstRunMembers } from "./first-run.js";

type Env = Record<string, string | undefined>;

export type CollectionDecision = {
  /** True only when data may leave the machine now: every kind of collection (crash reports, a host's usage telemetry) asks this. */
  enabled: boolean;
  /**
   * `on`; `first-run`: the user has not opted out, but the run that showed
   * the notice is still going, so reports are kept and wait; `off`: the user
   * opted out (or CI), reports are kept on this machine only.
   */
  state: "on" | "first-run" | "off";
  /** Why, in words that name the switch, e.g. `DO_NOT_TRACK=1`. */
  reason: string;
  source: "env" | "config" | "ci" | "first-run" | "default";
};

export type DecideInput = {
  app: string;
  envPrefix: string;
  paths: { configFile: string; firstRunDir: string };
  env: Env;
  clientEnv?: HostEnv;
  /** Already read, to spare a second read. */
  configFile?: UserConfigFile;
  firstRun?: FirstRunIO;
};

const off = (source: CollectionDecision["source"], reason: string): CollectionDecision => ({
  enabled: false,
  state: "off",
  reason,
  source,
});

const on = (source: CollectionDecision["source"], reason: string): CollectionDecision => ({
  enabled: true,
  state: "on",
  reason,
  source,
});

/**
 * The one switch. Any opt-out wins over any opt-in; a value we do not
 * recognise turns collection off (fail closed) and the reason names the
 * fix. In CI, off unless `<PREFIX>_TELEMETRY=on` (docs/PRIVACY.md says why).
 */
export function decide(input: DecideInput): CollectionDecision {
  // What this process set for its children is not the user's switch.
  const env = asTheUserGaveIt(input.env);
  const clientEnv = input.clientEnv ?? readHostEnv(env);
  const host = readHostSwitches(env, input.envPrefix, input.app);
  if (host.telemetry === "off") return off("env", `${host.telemetryName}=${host.telemetryRaw}`);
  if (host.telemetry === "unknown") {
    return off("env", `${host.telemetryName} has an unknown value; use on or off`);
  }
  if (host.disabled === "off") return off("env", `${host.disabledName}=${host.disabledRaw}`);
  if (host.disabled === "unknown") {
    return off("env", `${host.disabledName} has an unknown value; use true or false`);
  }
  if (clientEnv.doNotTrack) return off("env", "DO_NOT_TRACK is set");

  let configFile: UserConfigFile;
  try {
    configFile = input.configFile ?? readUserConfigFile(input.paths.configFile);
  } catch (error) {
    return off("config", (error as Error).message);
  }
  if (configFile.badLines.length > 0) return off("config", describeBadLines(configFile));
  const stored = storedTelemetryDisabled(configFile);
  if (stored === "true" || stored === "1") {
    return off("config", `TELEMETRY_DISABLED=${stored} in ${configFile.path}`);
  }
  const unknownValue = unknownValueProblem(configFile);
  if (unknownValue !== undefined) return off("config", unknownValue);
  if (clientEnv.ci && host.telemetry !== "on") {
    return off("ci", `CI detected; set ${host.telemetryName}=on to send from CI`);
  }

  const waiting = (reason: string): CollectionDecision => ({
    enabled: false,
    state: "first-run",
    reason,
    source: "first-run",
  });
  if (configFile.values.DISCLOSURE_SHOWN !== "true") {
    return waiting("the first-run notice has not been shown yet");
  }
  if (host.inFirstRun) {
    return waiting("this process is part of the first run; reports wait until it has ended");
  }
  const members = firstRunMembers(input.paths.firstRunDir, input.firstRun ?? defaultFirstRunIO);
  if (members.length > 0) {
    return waiting(
      `the first run is still going (process ${members.join(", ")}); reports wait until it has ended`,
    );
  }
  if (host.telemetry === "on") return on("env", `${host.telemetryName}=${host.telemetryRaw}`);
  // `telemetry on` saves "false", so a user who chose is told their choice, not "default".
  if (stored !== "") return on("config", `TELEMETRY_DISABLED=${stored} in ${configFile.path}`);
  return on("default", "default");
}

/**
 * For a host's own usage telemetry: the same answer crash reporting gets.
 * Pass the config given to createCrashReporter (only `app`, `envPrefix`
 * and `stateDir` are read).
 */
export function decideCollection(
  config: { app: string; envPrefix?: string | undefined; stateDir?: string | undefined },
  options: { env?: Env; home?: string; cwd?: string } = {},
): CollectionDecision {
  const env = options.env ?? process.env;
  const clientEnv = readHostEnv(env);
  const paths = resolvePaths({
    app: config.app,
    stateDir: config.stateDir,
    home: options.home ?? clientEnv.home ?? homeDirectory(),
    cwd: options.cwd ?? process.cwd(),
  });
  return decide({
    app: config.app,
    envPrefix: config.envPrefix ?? deriveEnvPrefix(config.app),
    paths,
    env,
    clientEnv,
  });
}
