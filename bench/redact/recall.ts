import { CORPUS_SURVIVORS, CORPUS_VECTORS } from "../../fixtures/redact/corpus/index.js";
import { scoreCorpus, totals } from "../../fixtures/redact/corpus/score.js";
import type { RedactionContext } from "../../redact/redaction-context.js";
import { secretlintScan } from "./secretlint.js";
import { pct } from "./timing.js";

/**
 * Recall and destroyed words on the golden corpus (fixtures/redact/corpus),
 * the classes that miss anything (every class with `showClasses`), and how
 * many vectors secretlint flags.
 */
export async function recall(
  redactValue: (text: string, context?: RedactionContext) => string,
  showClasses: boolean,
): Promise<void> {
  const scores = scoreCorpus(redactValue, CORPUS_VECTORS, CORPUS_SURVIVORS);
  const all = totals(scores);
  const classes = new Set(CORPUS_VECTORS.map((v) => v.class)).size;
  process.stdout.write(
    `golden corpus: ${CORPUS_VECTORS.length} vectors in ${classes} classes, ${CORPUS_SURVIVORS.length} must-survive lines\n`,
  );
  process.stdout.write(
    `recall: ${all.removed}/${all.secrets} planted secrets removed (${pct(all.removed, all.secrets, 2)})\n`,
  );
  process.stdout.write(
    `destroyed words: ${all.destroyed}/${all.words} must-survive words changed (${pct(all.destroyed, all.words, 2)})\n`,
  );
  for (const s of scores) {
    if (!showClasses && s.removed === s.secrets && s.destroyed === 0) continue;
    process.stdout.write(
      `  ${s.class.padEnd(36)} recall ${`${s.removed}/${s.secrets}`.padStart(7)}  destroyed ${`${s.destroyed}/${s.words}`.padStart(7)}\n`,
    );
  }
  let secretlintFound = 0;
  for (const vector of CORPUS_VECTORS) {
    if ((await secretlintScan(vector.input)) > 0) secretlintFound += 1;
  }
  process.stdout.write(
    `for comparison, secretlint recommend flags ${secretlintFound}/${CORPUS_VECTORS.length} corpus vectors (${pct(secretlintFound, CORPUS_VECTORS.length)})\n`,
  );
}
