import { type RedactionContext, redactValue } from "../../redact/index.js";
import type { CrashFacts } from "./crash-facts.js";

// The promotion boundary re-runs the one scrubber over every string that will
// cross to the public repository or reach the agent, with the triage repo's
// name in the context so even a report that names it comes out clean.
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

export function redactionContext(repoNames: readonly string[]): RedactionContext {
  // Both "owner/name" and the bare name: either spelling may appear.
  const names = new Set<string>();
  for (const full of repoNames) {
    names.add(full);
    const bare = full.split("/")[1];
    if (bare) names.add(bare);
  }
  return { repoNames: [...names] };
}
