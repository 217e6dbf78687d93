import type { CollectionDecision } from "../collection/decide-collection.js";
import { readUserConfigFile } from "../config/user-config-file.js";
import { disclosureDue } from "../notice/disclosure-record.js";
import type { CommandContext } from "./command-context.js";

/** What `telemetry status` and `doctor` say of collection, and why. */
export type ReportingState = {
  word: "on" | "off" | "waiting" | "local";
  reason: string;
  source: CollectionDecision["source"] | "host";
  /** The notice this configuration owes was shown: no start owes it again. */
  noticeShown: boolean;
};

const DECISION_WORD = { on: "on", off: "off", "first-run": "waiting" } as const;

/**
 * The user's switch (on, off, waiting for the first run to end), except
 * where the host configured no endpoint. Then nothing can ever be sent,
 * whatever the switch says, so "on" would be untrue: the answer is
 * `local`. An opt-out is still named as one, and a first run whose notice
 * is still owed stays `waiting` (the notice comes first, and says reports
 * stay here).
 */
export function reportingState(ctx: CommandContext, decision: CollectionDecision): ReportingState {
  const { endpoint } = ctx.config;
  let noticeShown = false;
  try {
    noticeShown = !disclosureDue(
      readUserConfigFile(ctx.config.paths.configFile),
      decision,
      endpoint,
    );
  } catch {
    // the decision's reason already says why the file cannot be read
  }
  const waitsForNotice = decision.state === "first-run" && !noticeShown;
  if (endpoint === undefined && decision.state !== "off" && !waitsForNotice) {
    return {
      word: "local",
      reason: `reports are kept on this machine and nothing is sent: ${ctx.config.displayName} configures no endpoint to send them to`,
      source: "host",
      noticeShown,
    };
  }
  return {
    word: DECISION_WORD[decision.state],
    reason: decision.reason,
    source: decision.source,
    noticeShown,
  };
}
