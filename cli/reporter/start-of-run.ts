import {
  type CollectionDecision,
  decideInputFor,
  decideWithFirstRun,
} from "../collection/decide-collection.js";
import {
  claimNotice,
  type FirstRunIO,
  joinFirstRun,
  leaveFirstRun,
  releaseNotice,
} from "../collection/first-run.js";
import { setForChildren } from "../config/env-for-children.js";
import { saveHostSettings } from "../config/host-settings.js";
import {
  FIRST_RUN_ENV,
  firstRunApps,
  type HostEnv,
  readHostSwitches,
} from "../config/read-client-env.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import {
  readUserConfigFile,
  type UserConfigFile,
  updateUserConfigFile,
} from "../config/user-config-file.js";
import { fs } from "../node-builtins.js";
import { disclosureDue, disclosureRecord } from "../notice/disclosure-record.js";
import { renderDisclosure } from "../notice/render-disclosure.js";
import { readFlushState } from "../outbox/flush-state.js";
import { markOptOutSeen } from "../outbox/queued-before-opt-out.js";
import { spawnFlusher } from "../outbox/spawn-flusher.js";
import { isReportName } from "../store/report-name.js";

const { readdirSync } = fs;

type Env = Record<string, string | undefined>;

export type StartOfRunInput = {
  config: ResolvedConfig;
  /** The host's environment; the opt-out and the first-run mark are set in it for children. */
  env: Env;
  clientEnv: HostEnv;
  cwd: string;
  /** Where the notice goes; a `write` that returns false could not write it. */
  stderr: { write(text: string): unknown };
  now: () => number;
  /** The process the run is: the host itself, or a shell host's pid for `crashfix start`. */
  pid: number;
  /** Leave the first run when this process exits (a Node host; crashfix.sh removes a shell host's file as the script exits). */
  leaveOnExit: boolean;
  flush: boolean;
  firstRun?: FirstRunIO;
};

export type StartOfRun = {
  decision: CollectionDecision;
  disclosureShownNow: boolean;
  /** This run is part of the first run: nothing it queues is sent before it has ended. */
  inFirstRun: boolean;
  flushing: boolean;
  /** Variables set for children, for a shell host to export too. */
  exported: Record<string, string>;
};

function hasQueued(outboxDir: string): boolean {
  try {
    return readdirSync(outboxDir).some(isReportName);
  } catch {
    return false;
  }
}

function readConfigOrUndefined(file: string): UserConfigFile | undefined {
  try {
    return readUserConfigFile(file);
  } catch {
    return undefined;
  }
}

/**
 * What a host does once per start: pass an opt-out on to child processes,
 * show the first-run notice once (one of several first runs started
 * together shows it), keep this run and its children in the first run (as
 * every start does while a first run lasts, whichever of them showed the
 * notice), record the host's settings for the standalone command, and hand
 * queued reports to a background flush when sending is allowed. Never throws.
 */
export function startOfRun(input: StartOfRunInput): StartOfRun {
  const { config, env } = input;
  const exported: Record<string, string> = {};
  const forChildren = (name: string, value: string) => {
    setForChildren(env, name, value);
    exported[name] = value;
  };
  const configFile = readConfigOrUndefined(config.paths.configFile);
  const host = readHostSwitches(env, config.envPrefix, config.app);
  const decideNow = (file: UserConfigFile | undefined) =>
    decideWithFirstRun({
      ...decideInputFor(config, env, input.clientEnv),
      ...(file === undefined ? {} : { configFile: file }),
      ...(input.firstRun === undefined ? {} : { firstRun: input.firstRun }),
    });
  const first = decideNow(configFile);
  let { decision } = first;
  // Children (a host's shell helpers, its own telemetry) inherit the opt-out;
  // this process keeps reading the switch the user set.
  if (decision.state === "off") forChildren(host.telemetryName, "off");
  // What was queued before the user opted out is not sent once the opt-out
  // is gone (queued-before-opt-out.ts). CI is no choice of the user's.
  if (decision.state === "off" && (decision.source === "env" || decision.source === "config")) {
    markOptOutSeen(config.paths, input.now());
  }

  // A config we cannot parse cannot record the notice; showing it on every
  // run would be worse than waiting until the file is fixed. Not spent on
  // CI logs nobody reads, unless CI collection was asked for.
  const canPersist = configFile !== undefined && configFile.badLines.length === 0;
  const quietCi = input.clientEnv.ci && host.telemetry !== "on";
  const noticeDue = disclosureDue(configFile, decision, config.endpoint);
  // A start that finds the first run's processes alive joins them, though
  // the notice was recorded before it looked: its reports wait as theirs do.
  const runLive = first.liveMembers.length > 0;
  let disclosureShownNow = false;
  let inFirstRun = false;
  if ((noticeDue || host.inFirstRun || runLive) && canPersist && !quietCi) {
    inFirstRun = joinFirstRun(config.paths.firstRunDir, input.pid);
    if (inFirstRun && input.leaveOnExit) {
      process.once("exit", () => leaveFirstRun(config.paths.firstRunDir, input.pid));
    }
    if (!host.inFirstRun) {
      // True of this process as well as its children: it is the first run
      // until it exits, whatever its own exit handlers do first.
      const apps = [...firstRunApps(env), config.app].join(",");
      env[FIRST_RUN_ENV] = apps;
      exported[FIRST_RUN_ENV] = apps;
    }
    if (noticeDue && claimNotice(config.paths.firstRunDir, input.pid, input.firstRun)) {
      try {
        // Another first run may have recorded it, and let its claim go,
        // since this one read the config.
        const owed = disclosureDue(
          readConfigOrUndefined(config.paths.configFile),
          decision,
          config.endpoint,
        );
        // A notice nobody could see (stderr a closed pipe, a full disk) is
        // not recorded: it shows again next run, and nothing is sent until it sticks.
        if (owed && input.stderr.write(renderDisclosure(config, decision)) !== false) {
          disclosureShownNow = true;
          updateUserConfigFile(config.paths.configFile, {
            DISCLOSURE_SHOWN: disclosureRecord(decision, config.endpoint),
          });
        }
      } catch {
        // Not recorded: it shows again next run, and nothing is sent until it sticks.
      } finally {
        releaseNotice(config.paths.firstRunDir);
      }
    }
    decision = decideNow(readConfigOrUndefined(config.paths.configFile)).decision;
  }

  saveHostSettings(config);

  let flushing = false;
  if (
    input.flush &&
    decision.enabled &&
    config.endpoint !== undefined &&
    hasQueued(config.paths.outboxDir) &&
    readFlushState(config.paths.flushStateFile).nextAttemptAt <= input.now()
  ) {
    flushing = spawnFlusher({ config, cwd: input.cwd, env, now: input.now });
  }
  return { decision, disclosureShownNow, inFirstRun, flushing, exported };
}
