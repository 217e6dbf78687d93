import * as core from "@actions/core";
import { redactValue } from "../../redact/index.js";
import { describeError } from "../shared/errors.js";
import { type Change, checkChanges } from "../shared/patch/check-changes.js";
import { listChanges, readAddedDiff } from "../shared/patch/list-changes.js";
import { addedLines, describeFinding, scanAddedLines } from "../shared/patch/scan-patch.js";
import { runGit } from "../shared/run-git.js";
import { noteLines, type PublishContext, type PublishEnd } from "./publish-context.js";

export interface AppliedPatch {
  changes: Change[];
  // The scan's lower-confidence finds, scrubbed, for the reviewer.
  review: string[];
}

// The second stage of publish, apply: the patch goes into the index of the
// fresh checkout, then what the change touches (paths, modes, sizes) and what
// its added lines say (the secret scan) are checked from git's own output.
// Nothing of the repository or the patch runs.
export async function applyPatch(
  ctx: PublishContext,
  patch: Buffer,
): Promise<{ stop: PublishEnd } | AppliedPatch> {
  const { inputs } = ctx;
  const cwd = inputs.workspace;
  try {
    await runGit(["apply", "--index", "--whitespace=nowarn", "-"], { cwd, input: patch });
  } catch (error) {
    core.warning(`patch does not apply: ${describeError(error)}`);
    return { stop: { outcome: "refused", reason: "patch-does-not-apply" } };
  }
  const changes = await listChanges(cwd, "HEAD");
  const checked = checkChanges(changes, patch.length, {
    maxFiles: inputs["max-files"],
    maxPatchBytes: inputs["max-patch-bytes"],
  });
  if (!checked.ok) {
    return {
      stop: { outcome: "refused", reason: "patch-refused", note: noteLines(ctx, checked.reasons) },
    };
  }
  const findings = scanAddedLines(
    addedLines(await readAddedDiff(cwd, "HEAD")),
    inputs["known-secrets"] ?? [],
  );
  const high = findings.filter((f) => f.confidence === "high");
  if (high.length > 0) {
    const note = noteLines(
      ctx,
      high.map((f) => `secret in ${describeFinding(f)}`),
    );
    return { stop: { outcome: "refused", reason: "secret-in-patch", note } };
  }
  const review = findings.map((f) => redactValue(describeFinding(f), ctx.redaction));
  return { changes, review };
}
