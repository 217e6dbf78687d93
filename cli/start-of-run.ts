import { readdirSync } from "node:fs";
import { type ConfigFile, readConfigFile, updateConfigFile } from "./config-file.js";
import { type CollectionDecision, decideCollection } from "./decide-collection.js";
import { isCI } from "./detect-ci.js";
import { loadFlushStart } from "./load-lazily.js";
import { renderDisclosure } from "./render-disclosure.js";
import type { ResolvedConfig } from "./resolve-config.js";

export type StartOfRun = {
  decision: CollectionDecision;
  disclosureShownNow: boolean;
  flushing: boolean;
};

function hasQueued(outboxDir: string): boolean {
  try {
    return readdirSync(outboxDir).some((name) => name.endsWith(".json"));
  } catch {
    return false;
  }
}

/**
 * What a host does once per start: decide collection, pass an opt-out on to
 * child processes, show the first-run disclosure once, and hand queued
 * reports to a background flusher. Never throws.
 */
export function startOfRun(input: {
  config: ResolvedConfig;
  /** The config as the host gave it, for the flusher child to re-validate. */
  rawConfig: unknown;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stderr: { write(text: string): unknown };
  now: () => number;
  flush: boolean;
}): StartOfRun {
  const { config, env } = input;
  let configFile: ConfigFile | undefined;
  try {
    configFile = readConfigFile(config.paths.configFile);
  } catch {
    configFile = undefined;
  }
  const decideOptions: Parameters<typeof decideCollection>[0] = {
    envPrefix: config.envPrefix,
    configPath: config.paths.configFile,
    env,
  };
  if (configFile !== undefined) decideOptions.configFile = configFile;
  const decision = decideCollection(decideOptions);
  // Children (a host's bash helpers, sub-tools) inherit the opt-out.
  if (!decision.enabled) env[`${config.envPrefix}_TELEMETRY`] = "off";

  const explicitlyOn = decision.enabled && decision.source === "env";
  // A config we cannot parse cannot record the sentinel; showing the notice
  // on every run would be worse than waiting until the file is fixed.
  const canPersist = configFile !== undefined && configFile.badLines.length === 0;
  const shown = configFile?.values.DISCLOSURE_SHOWN === "true";
  let disclosureShownNow = false;
  // Not spent on CI logs nobody reads, unless CI collection was asked for.
  if (!shown && canPersist && (!isCI(env) || explicitlyOn)) {
    try {
      input.stderr.write(renderDisclosure(config));
      disclosureShownNow = true;
      updateConfigFile(config.paths.configFile, { DISCLOSURE_SHOWN: "true" });
    } catch {
      // Not persisted: it shows again next run, and nothing is sent until it sticks.
    }
  }
  let flushing = false;
  // Nothing leaves in the run that shows the disclosure (as Homebrew and .NET do).
  if (
    input.flush &&
    decision.enabled &&
    shown &&
    config.endpoint !== undefined &&
    hasQueued(config.paths.outboxDir)
  ) {
    const { readFlushState, spawnFlusher } = loadFlushStart();
    if (readFlushState(config.paths.flushStateFile).nextAttemptAt <= input.now()) {
      flushing = spawnFlusher({ rawConfig: input.rawConfig, cwd: input.cwd, env });
    }
  }
  return { decision, disclosureShownNow, flushing };
}
