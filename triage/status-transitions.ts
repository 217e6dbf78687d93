import { TriageFormatError, type TriageStatus } from "./labels.js";

// The lifecycle of DESIGN.md section 4. Humans may skip steps (a maintainer
// fixes a crash that was never promoted), so each status lists every status a
// writer may move it to. A fixed crash only comes back as regressed.
export const STATUS_TRANSITIONS: Readonly<Record<TriageStatus, readonly TriageStatus[]>> = {
  "crash:new": ["crash:confirmed", "crash:promoted", "crash:fix-proposed", "crash:fixed"],
  "crash:confirmed": ["crash:promoted", "crash:fix-proposed", "crash:fixed"],
  "crash:promoted": ["crash:fix-proposed", "crash:fixed"],
  "crash:fix-proposed": ["crash:fixed", "crash:promoted", "crash:confirmed"],
  "crash:fixed": ["crash:regressed"],
  "crash:regressed": ["crash:confirmed", "crash:promoted", "crash:fix-proposed", "crash:fixed"],
};

export function canTransition(from: TriageStatus | undefined, to: TriageStatus): boolean {
  if (from === undefined) return to === "crash:new";
  if (from === to) return true;
  return STATUS_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: TriageStatus | undefined, to: TriageStatus): void {
  if (!canTransition(from, to)) {
    throw new TriageFormatError(
      "INVALID_TRANSITION",
      `a triage issue cannot move from ${from ?? "(no status)"} to ${to}; allowed: ${
        from === undefined ? "crash:new" : STATUS_TRANSITIONS[from].join(", ")
      }`,
    );
  }
}
