import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findOpenPull } from "../shared/github/find-open-pull.js";
import { PATCH_FILE } from "../shared/patch/autofix-result.js";
import { noteLines, type PublishContext, type PublishEnd } from "./publish-context.js";
import type { PublishInputs } from "./publish-inputs.js";

// The first stage of publish, check: what the fix job recorded decides whether
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

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

// The verdict and the patch's bytes from the artifact, and no fix pull
// request open already: the patch to apply, or how the run ends.
export async function checkFix(
  ctx: PublishContext,
): Promise<{ stop: PublishEnd } | { patch: Buffer }> {
  const { inputs, repos } = ctx;
  const verdict = checkFixResult(
    inputs,
    await readIfPresent(join(inputs["artifact-dir"], PATCH_FILE)),
  );
  if (!verdict.go) {
    const note = verdict.note ?? noteLines(ctx, verdict.refusals ?? []);
    return { stop: { outcome: verdict.outcome, reason: verdict.reason, note } };
  }
  const open = await findOpenPull(repos.publicGh, repos.publicRepo, inputs.fingerprint);
  if (open) {
    return { stop: { outcome: "skipped", reason: "pull-request-open", pullRequest: open.number } };
  }
  return { patch: verdict.patch };
}
