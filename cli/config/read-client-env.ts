import type { CrashReporterConfig } from "./reporter-config.js";

type Env = Record<string, string | undefined>;

/** Config keys the environment can give (the bash route, the standalone command). */
export const ENV_SETTINGS = {
  app: "CRASHFIX_APP",
  version: "CRASHFIX_VERSION",
  repo: "CRASHFIX_REPO",
  endpoint: "CRASHFIX_ENDPOINT",
  privacyUrl: "CRASHFIX_PRIVACY_URL",
  displayName: "CRASHFIX_DISPLAY_NAME",
  command: "CRASHFIX_COMMAND",
  stateDir: "CRASHFIX_STATE_DIR",
  projectDir: "CRASHFIX_PROJECT_DIR",
  envPrefix: "CRASHFIX_ENV_PREFIX",
} as const satisfies Partial<Record<keyof CrashReporterConfig, string>>;

/** CRASHFIX_AUTO_FIX, the one setting that is not text: `true` or `false`. */
export const AUTO_FIX_SETTING = "CRASHFIX_AUTO_FIX";

export type EnvSettings = Partial<Record<keyof typeof ENV_SETTINGS, string>> & {
  autoFix?: boolean;
};

/**
 * What a host's run reads from its environment (the reporter, the
 * collection decision): the part of ClientEnv every start of a host pays
 * for, kept apart so the start file holds no more (the rest is the
 * commands').
 */
export type HostEnv = {
  /** The user's home directory as the environment gives it ($HOME; %USERPROFILE% on Windows). */
  home: string | undefined;
  ci: boolean;
  /** https://consoledonottrack.com: set to anything but empty or 0. */
  doNotTrack: boolean;
};

/** Everything the client reads from its environment, read in this one place. */
export type ClientEnv = HostEnv & {
  settings: EnvSettings;
  /** Per-request timeout when sending (CRASHFIX_TIMEOUT_MS, default 10 s). */
  timeoutMs: number;
  /** https://no-color.org, and TERM=dumb. */
  noColor: boolean;
  /** Values that could not be used, each with its fix. */
  problems: string[];
  /**
   * A bash host's crashfix_command runs this command for its users
   * (CRASHFIX_MOUNTED=1): the help names what the script routes.
   */
  mountedByScript: boolean;
};

// CI detection by the variables the major providers document. `CI` is the
// common one (GitHub Actions, GitLab, CircleCI, Travis and Buildkite set
// CI=true); the rest cover providers that do not set it.
export const CI_MARKERS: readonly string[] = [
  "GITHUB_ACTIONS",
  "GITLAB_CI",
  "BUILDKITE",
  "CIRCLECI",
  "TRAVIS",
  "JENKINS_URL",
  "TF_BUILD",
  "TEAMCITY_VERSION",
  "BITBUCKET_BUILD_NUMBER",
  "CODEBUILD_BUILD_ID",
  "APPVEYOR",
  "DRONE",
];

const DEFAULT_TIMEOUT_MS = 10_000;

const isSet = (value: string | undefined): value is string => value !== undefined && value !== "";

export function readHostEnv(env: Env, platform: string = process.platform): HostEnv {
  const ci = env.CI;
  const dnt = env.DO_NOT_TRACK?.trim();
  return {
    home: platform === "win32" ? env.USERPROFILE : env.HOME,
    ci:
      (isSet(ci) && ci !== "0" && ci.toLowerCase() !== "false") ||
      CI_MARKERS.some((name) => isSet(env[name])),
    doNotTrack: isSet(dnt) && dnt !== "0",
  };
}

export function readClientEnv(env: Env, platform: string = process.platform): ClientEnv {
  const problems: string[] = [];
  const settings: EnvSettings = {};
  for (const [key, name] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (isSet(value)) settings[key as keyof typeof ENV_SETTINGS] = value;
  }
  const autoFix = env[AUTO_FIX_SETTING];
  if (autoFix === "true" || autoFix === "false") settings.autoFix = autoFix === "true";
  else if (isSet(autoFix)) problems.push(`${AUTO_FIX_SETTING} must be true or false`);
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const rawTimeout = env.CRASHFIX_TIMEOUT_MS;
  if (isSet(rawTimeout)) {
    if (/^[1-9][0-9]{0,5}$/.test(rawTimeout)) timeoutMs = Number(rawTimeout);
    else problems.push("CRASHFIX_TIMEOUT_MS must be a whole number of milliseconds (1-999999)");
  }
  return {
    ...readHostEnv(env, platform),
    settings,
    timeoutMs,
    noColor: isSet(env.NO_COLOR) || env.TERM === "dumb",
    problems,
    mountedByScript: env.CRASHFIX_MOUNTED === "1",
  };
}

export type SwitchValue = "on" | "off" | "unset" | "unknown";

/** The host's own switches: `<PREFIX>_TELEMETRY`, `<PREFIX>_TELEMETRY_DISABLED`, and its first run. */
export type HostSwitches = {
  telemetryName: string;
  telemetryRaw: string | undefined;
  /** on|1|true|yes, off|0|false|no; anything else is unknown (and turns collection off). */
  telemetry: SwitchValue;
  disabledName: string;
  disabledRaw: string | undefined;
  /** true|1 is "off", false|0 is "on". */
  disabled: SwitchValue;
  /** Set for every process a first run starts (collection/first-run.ts). */
  inFirstRun: boolean;
};

/** Apps whose first run this process was started by: `CRASHFIX_FIRST_RUN=<app>[,<app>...]`. */
export const FIRST_RUN_ENV = "CRASHFIX_FIRST_RUN";

export function firstRunApps(env: Env): string[] {
  return (env[FIRST_RUN_ENV] ?? "").split(",").filter((app) => app !== "");
}

const ON = new Set(["on", "1", "true", "yes"]);
const OFF = new Set(["off", "0", "false", "no"]);

export function readHostSwitches(env: Env, envPrefix: string, app: string): HostSwitches {
  const telemetryName = `${envPrefix}_TELEMETRY`;
  const disabledName = `${envPrefix}_TELEMETRY_DISABLED`;
  const telemetryRaw = env[telemetryName];
  const telemetry = (telemetryRaw ?? "").trim().toLowerCase();
  const disabledRaw = env[disabledName];
  const disabled = (disabledRaw ?? "").trim().toLowerCase();
  return {
    telemetryName,
    telemetryRaw,
    telemetry:
      telemetry === ""
        ? "unset"
        : ON.has(telemetry)
          ? "on"
          : OFF.has(telemetry)
            ? "off"
            : "unknown",
    disabledName,
    disabledRaw,
    disabled:
      disabled === ""
        ? "unset"
        : disabled === "true" || disabled === "1"
          ? "off"
          : disabled === "false" || disabled === "0"
            ? "on"
            : "unknown",
    inFirstRun: firstRunApps(env).includes(app),
  };
}
