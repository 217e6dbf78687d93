import { type RedactionContext, redactValue } from "../../redact/index.js";
import type { CrashFacts } from "./crash-facts.js";

// The promotion boundary re-runs the one scrubber over every string that will
// cross to the public repository or reach the agent, with the repositories'
// names in the context so even a report that names them comes out clean.
export function scrubFacts(facts: CrashFacts, context: RedactionContext): CrashFacts {
  const scrub = (value: string) => redactValue(value, context);
  const scrubbed: CrashFacts = {
    ...facts,
    error_class: scrub(facts.error_class),
    stack_signature: facts.stack_signature.map(scrub),
    versions: facts.versions.map(scrub),
    platforms: facts.platforms.map((p) => ({ os: scrub(p.os), arch: scrub(p.arch) })),
  };
  if (facts.app !== undefined) scrubbed.app = scrub(facts.app);
  if (facts.first_seen_version !== undefined) {
    scrubbed.first_seen_version = scrub(facts.first_seen_version);
  }
  if (facts.phase !== undefined) scrubbed.phase = scrub(facts.phase);
  return scrubbed;
}

// The names that must never reach public text: the private triage
// repository, as owner/name and as its bare name (redact-context.ts finds
// both glued to other text). The public repository's names are public
// already (its issues live there) and are usually the app's own name, which
// the facts must keep: they are not redacted.
export function redactionContext(triageRepo: string): RedactionContext {
  const names = new Set<string>([triageRepo]);
  const bare = triageRepo.split("/")[1];
  if (bare) names.add(bare);
  return { repoNames: [...names] };
}
