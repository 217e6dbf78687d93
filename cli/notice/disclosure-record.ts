import type { CollectionDecision } from "../collection/decide-collection.js";
import type { UserConfigFile } from "../config/user-config-file.js";

// `DISCLOSURE_SHOWN` in `~/.<app>/config` records which notice the user has
// seen: `true` the full one (what is sent, where to, the privacy page),
// `off` only the one that says collection is off, `local` the one of a host
// with no endpoint (reports stay on this machine). A host that adds an
// endpoint later owes its users the full notice, as an opt-out's end does. A user who opted out on
// their first run has not been told what is sent, so the first run where
// collection is on shows the full notice (and, being a first run, sends
// nothing); the off notice itself is shown once, not at every opted-out run.
// decide-collection takes the notice as shown by disclosureDue too; only
// `true` can let reports leave (with `local`, no endpoint, nothing can).

/** What to record once the notice for `decision` has been shown. */
export function disclosureRecord(
  decision: Pick<CollectionDecision, "state">,
  endpoint: string | undefined,
): "true" | "off" | "local" {
  if (endpoint === undefined) return "local";
  return decision.state === "off" ? "off" : "true";
}

/** True when this start owes the user a notice for `decision`; a file we cannot read records nothing. */
export function disclosureDue(
  configFile: UserConfigFile | undefined,
  decision: Pick<CollectionDecision, "state">,
  endpoint: string | undefined,
): boolean {
  const recorded = configFile?.values.DISCLOSURE_SHOWN;
  if (recorded === "true") return false;
  if (recorded === "local" && endpoint === undefined) return false;
  return !(decision.state === "off" && recorded === "off");
}
