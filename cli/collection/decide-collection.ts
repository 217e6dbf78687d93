import { asTheUserGaveIt } from "../config/env-for-children.js";
import {
  type HostEnv,
  type HostSwitches,
  readHostEnv,
  readHostSwitches,
} from "../config/read-client-env.js";
import { deriveEnvPrefix, type ResolvedConfig } from "../config/resolve-config.js";
import { resolvePaths } from "../config/resolve-paths.js";
import {
  describeBadLines,
  readUserConfigFile,
  storedTelemetryDisabled,
  type UserConfigFile,
  unknownValueProblem,
} from "../config/user-config-file.js";
import { homeDirectory } from "../node-builtins.js";
import { disclosureDue } from "../notice/disclosure-record.js";
import { defaultFirstRunIO, type FirstRunIO, firstRunMembers } from "./first-run.js";

type Env = Record<string, string | undefined>;

export type CollectionDecision = {
  /** True only when data may leave the machine now: every kind of collection (crash reports, a host's usage telemetry) asks this. */
  enabled: boolean;
  /**
   * `on`; `first-run`: the user has not opted out, but the notice is still
   * owed or the run that showed it is still going, so reports are kept and
   * wait; `off`: the user opted out (or CI), reports are kept on this
   * machine only; `local`: the host configures no endpoint and its notice
   * said so: reports are kept on this machine and nothing is ever sent.
   */
  state: "on" | "first-run" | "off" | "local";
  /** Why, in words that name the switch, e.g. `DO_NOT_TRACK=1`. */
  reason: string;
  source: "env" | "config" | "ci" | "first-run" | "host" | "default";
};

export type DecideInput = {
  app: string;
  envPrefix: string;
  /** The host's endpoint: without one nothing can leave the machine. */
  endpoint: string | undefined;
  /** How the host is named to users (default: `app`), in the reason of `local`. */
  displayName?: string | undefined;
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

const waiting = (reason: string): CollectionDecision => ({
  enabled: false,
  state: "first-run",
  reason,
  source: "first-run",
});

/** What decide() reads of a host's resolved config. */
export function decideInputFor(
  config: Pick<ResolvedConfig, "app" | "envPrefix" | "endpoint" | "displayName" | "paths">,
  env: Env,
  clientEnv?: HostEnv,
): DecideInput {
  const { app, envPrefix, endpoint, displayName, paths } = config;
  const input: DecideInput = { app, envPrefix, endpoint, displayName, paths, env };
  if (clientEnv !== undefined) input.clientEnv = clientEnv;
  return input;
}

/**
 * The one switch. Any opt-out wins over any opt-in; a value we do not
 * recognise turns collection off (fail closed) and the reason names the
 * fix. In CI, off unless `<PREFIX>_TELEMETRY=on` (docs/PRIVACY.md says why).
 */
export function decide(input: DecideInput): CollectionDecision {
  return decideWithFirstRun(input).decision;
}

/**
 * decide(), and the live processes of the first run it found (a start that
 * finds them joins the run). The first-run folder is looked at only once
 * the notice is recorded and nothing else has decided.
 */
export function decideWithFirstRun(input: DecideInput): {
  decision: CollectionDecision;
  liveMembers: number[];
} {
  const settled = (decision: CollectionDecision) => ({ decision, liveMembers: [] });
  // What this process set for its children is not the user's switch.
  const env = asTheUserGaveIt(input.env);
  const host = readHostSwitches(env, input.envPrefix, input.app);
  const optOut = optedOut(input, env, host);
  if ("off" in optOut) return settled(optOut.off);
  const { configFile } = optOut;

  // Asked as for a user who has not opted out (none has, here): the notice
  // that only said collection is off is not the one owed now. The notice a
  // host with no endpoint shows says nothing is sent: once it is shown,
  // that is the answer, and no first run is waited for.
  if (disclosureDue(configFile, { state: "first-run" }, input.endpoint)) {
    return settled(waiting("the first-run notice has not been shown yet"));
  }
  if (input.endpoint === undefined) {
    return settled({
      enabled: false,
      state: "local",
      reason: `reports are kept on this machine and nothing is sent: ${input.displayName ?? input.app} configures no endpoint to send them to`,
      source: "host",
    });
  }
  if (host.inFirstRun) {
    return settled(
      waiting("this process is part of the first run; reports wait until it has ended"),
    );
  }
  const members = firstRunMembers(input.paths.firstRunDir, input.firstRun ?? defaultFirstRunIO);
  if (members.length > 0) {
    const reason = `the first run is still going (process ${members.join(", ")}); reports wait until it has ended`;
    return { decision: waiting(reason), liveMembers: members };
  }
  if (host.telemetry === "on") {
    return settled(on("env", `${host.telemetryName}=${host.telemetryRaw}`));
  }
  // `telemetry on` saves "false", so a user who chose is told their choice, not "default".
  const stored = storedTelemetryDisabled(configFile);
  if (stored !== "") {
    return settled(on("config", `TELEMETRY_DISABLED=${stored} in ${configFile.path}`));
  }
  return settled(on("default", "default"));
}

/** The opt-out in force, env first, then the config file (read only if needed), then CI; else the config file. */
function optedOut(
  input: DecideInput,
  env: Env,
  host: HostSwitches,
): { off: CollectionDecision } | { configFile: UserConfigFile } {
  const clientEnv = input.clientEnv ?? readHostEnv(env);
  if (host.telemetry === "off") {
    return { off: off("env", `${host.telemetryName}=${host.telemetryRaw}`) };
  }
  if (host.telemetry === "unknown") {
    return { off: off("env", `${host.telemetryName} has an unknown value; use on or off`) };
  }
  if (host.disabled === "off") {
    return { off: off("env", `${host.disabledName}=${host.disabledRaw}`) };
  }
  if (host.disabled === "unknown") {
    return { off: off("env", `${host.disabledName} has an unknown value; use true or false`) };
  }
  if (clientEnv.doNotTrack) return { off: off("env", "DO_NOT_TRACK is set") };

  let configFile: UserConfigFile;
  try {
    configFile = input.configFile ?? readUserConfigFile(input.paths.configFile);
  } catch (error) {
    return { off: off("config", (error as Error).message) };
  }
  if (configFile.badLines.length > 0) return { off: off("config", describeBadLines(configFile)) };
  const stored = storedTelemetryDisabled(configFile);
  if (stored === "true" || stored === "1") {
    return { off: off("config", `TELEMETRY_DISABLED=${stored} in ${configFile.path}`) };
  }
  const unknownValue = unknownValueProblem(configFile);
  if (unknownValue !== undefined) return { off: off("config", unknownValue) };
  if (clientEnv.ci && host.telemetry !== "on") {
    return { off: off("ci", `CI detected; set ${host.telemetryName}=on to send from CI`) };
  }
  return { configFile };
}

/**
 * For a host's own usage telemetry: the same answer crash reporting gets.
 * Pass the config given to createCrashReporter (only `app`, `envPrefix`,
 * `stateDir`, `endpoint` and `displayName` are read).
 */
export function decideCollection(
  config: {
    app: string;
    envPrefix?: string | undefined;
    stateDir?: string | undefined;
    endpoint?: string | undefined;
    displayName?: string | undefined;
  },
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
    endpoint: config.endpoint,
    displayName: config.displayName,
    paths,
    env,
    clientEnv,
  });
}
