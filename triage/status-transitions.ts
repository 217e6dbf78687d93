import { TriageFormatError, type TriageStatus } from "./labels.js";

// The lifecycle of docs/DESIGN.md section 4, forward only: a writer may skip steps
// (a maintainer fixes a crash that was never promoted), but nothing crashfix
// runs moves an issue back. A fixed crash comes back only as regressed, when
// a newer version crashes again; only a person (editing labels by hand) moves
// an issue backwards.
export const STATUS_TRANSITIONS: Readonly<Record<TriageStatus, readonly TriageStatus[]>> = {
  "crash:new": ["crash:confirmed", "crash:promoted", "crash:fix-proposed", "crash:fixed"],
  "crash:confirmed": ["crash:promoted", "crash:fix-proposed", "crash:fixed"],
  "crash:promoted": ["crash:fix-proposed", "crash:fixed"],
  "crash:fix-proposed": ["crash:fixed"],
  "crash:fixed": ["crash:regressed"],
  "crash:regressed": ["crash:confirmed", "crash:promoted", "crash:fix-proposed", "crash:fixed"],
};

// How far along one round of the lifecycle a status is; a regressed crash
// starts a new round, level with a new one.
const STAGE: Readonly<Record<TriageStatus, number>> = {
  "crash:new": 0,
  "crash:regressed": 0,
  "crash:confirmed": 1,
  "crash:promoted": 2,
  "crash:fix-proposed": 3,
  "crash:fixed": 4,
};

/**
 * What a writer does when a step wants `to` and the issue is at `from`:
 * `move` it; `stay` when the issue is already there or further along (the
 * step was re-run, or ran late); `refuse` a move the lifecycle does not have.
 */
export type TransitionDecision = "move" | "stay" | "refuse";

export function decideTransition(
  from: TriageStatus | undefined,
  to: TriageStatus,
): TransitionDecision {
  if (from === undefined) return to === "crash:new" ? "move" : "refuse";
  if (from === to) return "stay";
  if (STATUS_TRANSITIONS[from].includes(to)) return "move";
  if (to === "crash:regressed") return "refuse";
  return STAGE[to] < STAGE[from] ? "stay" : "refuse";
}

/** Whether a writer may set `to` on an issue at `from` (already being there counts). */
export function canTransition(from: TriageStatus | undefined, to: TriageStatus): boolean {
  if (from === to && from !== undefined) return true;
  return decideTransition(from, to) === "move";
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
