import { type RedactionContext, redactValue } from "../../../redact/index.js";
import type { Counters } from "../../../triage/index.js";
import { buildCrashFacts } from "./build-crash-facts.js";
import type { CrashFacts } from "./crash-facts.js";

// The promotion boundary re-runs the one scrubber over every string that will
// cross to the public repository or reach the agent, with the triage
// repository's name in the context so even a report that names it comes out
// clean. What identifies the crash (error class, frames) is kept scrubbed,
// so a replacement token shows where something was removed; a sample the
// scrub would change (a version, a platform, the app, the phase) is left out
// instead, so one hostile report cannot keep a crash from auto-fix.
export function scrubFacts(facts: CrashFacts, context: RedactionContext): CrashFacts {
  const scrub = (value: string) => redactValue(value, context);
  const clean = (value: string) => scrub(value) === value;
  const scrubbed: CrashFacts = {
    ...facts,
    error_class: scrub(facts.error_class),
    stack_signature: facts.stack_signature.map(scrub),
    versions: facts.versions.filter(clean),
    platforms: facts.platforms.filter((p) => clean(p.os) && clean(p.arch)),
  };
  for (const key of ["app", "first_seen_version", "phase"] as const) {
    const value = facts[key];
    if (value !== undefined && !clean(value)) delete scrubbed[key];
  }
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

/**
 * The facts of a triage issue as they may leave the triage repository: built
 * from its state block and counters, then scrubbed with the triage repo's
 * names in the context. Throws (ActionError) when the fields fail the
 * schema before the scrub; then nothing of the crash crosses.
 */
export function publicFacts(
  triageBody: string,
  counters: Counters | undefined,
  triageRepo: string,
): CrashFacts {
  return scrubFacts(buildCrashFacts(triageBody, counters), redactionContext(triageRepo));
}
