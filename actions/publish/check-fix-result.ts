import { createHash } from "node:crypto";
import type { PublishInputs } from "./publish-inputs.js";

// The first stage of publish: what the fix job recorded decides whether
// there is anything to apply. The verdict comes from the agent step's own
// outputs (written after every process the agent started was gone), never
// from a file in the artifact; the artifact only carries the patch's bytes,
// which must hash to the recorded sha256.

export type FixVerdict =
  | { go: true; patch: Buffer }
  | {
      go: false;
      outcome: "failed" | "refused" | "abandoned";
      reason: string;
      note?: string;
      refusals?: string[];
    };

function refusalsOf(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value)
      ? value.filter((r): r is string => typeof r === "string").slice(0, 20)
      : [];
  } catch {
    return [];
  }
}

export function checkFixResult(inputs: PublishInputs, patch: Buffer | undefined): FixVerdict {
  const job = inputs["fix-job"];
  const status = inputs["fix-status"];
  if (job !== "success" || status === undefined) {
    return {
      go: false,
      outcome: "abandoned",
      reason: `fix-job-${job ?? "unknown"}`,
      note: "The fix job ended without recording a result (it failed, timed out or was cancelled).",
    };
  }
  const reason = inputs["fix-reason"] ?? "agent-failed";
  if (status === "failed") {
    const refused = reason === "patch-refused" || reason === "secret-in-patch";
    return {
      go: false,
      outcome: refused ? "refused" : "failed",
      reason,
      refusals: refusalsOf(inputs["fix-refusals"]),
    };
  }
  const expected = inputs["patch-sha256"];
  if (!patch || !expected || createHash("sha256").update(patch).digest("hex") !== expected) {
    return { go: false, outcome: "refused", reason: "patch-mismatch" };
  }
  return { go: true, patch };
}
