import { type Counters, OTHER_KEY, parseTriageIssue } from "../../../triage/index.js";
import { ActionError } from "../errors.js";
import { type CrashFacts, crashFactsSchema, validateCrashFacts } from "./crash-facts.js";

const MAX_LISTED = 10;

function topKeys(map: Record<string, number>): string[] {
  return Object.entries(map)
    .filter(([key]) => key !== OTHER_KEY)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .map(([key]) => key);
}

// Rebuilds the whitelisted facts of a crash from the triage issue's hidden
// state block and its counters comment (both parsed by the triage module,
// never by hand). Breakdown entries that fail the report schema are left out;
// a core field that fails it rejects the whole crash (fail closed).
export function buildCrashFacts(triageBody: string, counters: Counters | undefined): CrashFacts {
  const issue = parseTriageIssue(triageBody);
  if (!issue) {
    throw new ActionError(
      "TRIAGE_NOT_FOUND",
      "the triage issue has no crashfix state block (was its body edited?)",
    );
  }
  const shape = crashFactsSchema.shape;
  const versions = topKeys(counters?.versions ?? {})
    .filter((v) => shape.first_seen_version.safeParse(v).success)
    .slice(0, MAX_LISTED);
  const platforms = topKeys(counters?.platforms ?? {})
    .map((key) => {
      const [os = "", arch = ""] = key.split("/");
      return { os, arch };
    })
    .filter((p) => shape.platforms.element.safeParse(p).success)
    .slice(0, MAX_LISTED);
  const facts: Record<string, unknown> = {
    fingerprint: issue.fingerprint,
    error_class: issue.errorClass,
    stack_signature: issue.signatures,
    app: issue.app,
    first_seen_version: issue.firstSeenVersion,
    versions,
    platforms,
    occurrences: counters?.total ?? 0,
    projects: counters?.distinctProjects ?? 0,
  };
  if (issue.phase !== undefined) facts.phase = issue.phase;
  if (issue.exitCode !== undefined) facts.exit_code = issue.exitCode;
  if (issue.frictionKind !== undefined) facts.friction_kind = issue.frictionKind;
  if (counters?.firstSeen) facts.first_seen = counters.firstSeen.slice(0, 10);
  if (counters?.lastSeen) facts.last_seen = counters.lastSeen.slice(0, 10);
  return validateCrashFacts(facts);
}
