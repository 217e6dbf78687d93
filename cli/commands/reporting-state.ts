import type { CollectionDecision } from "../collection/decide-collection.js";
import { readUserConfigFile } from "../config/user-config-file.js";
import { disclosureDue } from "../notice/disclosure-record.js";
import type { CommandContext } from "./command-context.js";

/** What `telemetry status` and `doctor` say of collection, and why. */
export type ReportingState = {
  word: "on" | "off" | "waiting" | "local";
  reason: string;
  source: CollectionDecision["source"];
  /** The notice this configuration owes was shown: no start owes it again. */
  noticeShown: boolean;
};

const DECISION_WORD = { on: "on", off: "off", "first-run": "waiting", local: "local" } as const;

/**
 * The decision in the commands' words: on, off, waiting (for the notice or
 * the first run to end), or local (the host configured no endpoint, so
 * nothing can ever be sent; decide() answers that, not this).
 */
export function reportingState(ctx: CommandContext, decision: CollectionDecision): ReportingState {
  let noticeShown = false;
  try {
    noticeShown = !disclosureDue(
      readUserConfigFile(ctx.config.paths.configFile),
      decision,
      ctx.config.endpoint,
    );
  } catch {
    // the decision's reason already says why the file cannot be read
  }
  return {
    word: DECISION_WORD[decision.state],
    reason: decision.reason,
    source: decision.source,
    noticeShown,
  };
}
