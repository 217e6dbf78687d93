import type { CollectionDecision } from "../collection/decide-collection.js";
import type { UserConfigFile } from "../config/user-config-file.js";

// `DISCLOSURE_SHOWN` in `~/.<app>/config` records which notice the user has
// seen: `true` the full one (what is sent, where to, the privacy page),
// `off` only the one that says collection is off. A user who opted out on
// their first run has not been told what is sent, so the first run where
// collection is on shows the full notice (and, being a first run, sends
// nothing); the off notice itself is shown once, not at every opted-out run.
// decide-collection reads only `true` as shown, so nothing leaves before it.

/**
 * What to record once the notice for `decision` has been shown. Without an
 * endpoint nothing is ever sent, and the off notice already says what a
 * report holds, so it counts as the full one.
 */
export function disclosureRecord(
  decision: Pick<CollectionDecision, "state">,
  endpoint: string | undefined,
): "true" | "off" {
  return decision.state === "off" && endpoint !== undefined ? "off" : "true";
}

/** True when this start owes the user a notice for `decision`; a file we cannot read records nothing. */
export function disclosureDue(
  configFile: UserConfigFile | undefined,
  decision: Pick<CollectionDecision, "state">,
): boolean {
  const recorded = configFile?.values.DISCLOSURE_SHOWN;
  if (recorded === "true") return false;
  return !(decision.state === "off" && recorded === "off");
}
