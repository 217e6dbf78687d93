import { generateCorpus } from "../../fixtures/redact/crash-corpus.js";
import { median } from "../stats.js";
import { secretlintScan } from "./secretlint.js";
import { fmt, type Timing, timeIt } from "./timing.js";

const MB = 1_000_000;
const REPORTS = 600;
const ROUNDS = 9;
const WARMUP_ROUNDS = 8;

/**
 * Throughput on a realistic crash-report corpus, crashfix beside secretlint
 * (recommended preset) in the same process. V8 needs a few hundred
 * milliseconds of a hot loop before its optimising tier has compiled
 * everything, and secretlint needs it as much as we do (its second and
 * third rounds take about twice its steady time), so both run the same
 * warm-up rounds; then the measured rounds alternate, one of each at a
 * time, so a change in the machine's load weighs on both. The first round
 * of each is reported too: what a one-off scrub of this much text costs.
 */
export async function throughput(redactValue: (text: string) => string): Promise<void> {
  const corpus = generateCorpus(REPORTS, 42);
  const mb = corpus.bytes / MB;
  process.stdout.write(
    `corpus: ${corpus.reports.length} crash reports, ${fmt(mb, 2)} MB, ${corpus.planted.length} planted secrets\n`,
  );
  const ours = (): unknown => corpus.reports.map((report) => redactValue(report));
  const theirs = async (): Promise<void> => {
    for (const report of corpus.reports) await secretlintScan(report);
  };

  const oursWarm: Timing[] = [];
  const theirsWarm: Timing[] = [];
  for (let round = 0; round < WARMUP_ROUNDS; round += 1) {
    oursWarm.push(await timeIt(ours));
    theirsWarm.push(await timeIt(theirs));
  }
  const oursSteady: Timing[] = [];
  const theirsSteady: Timing[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    oursSteady.push(await timeIt(ours));
    theirsSteady.push(await timeIt(theirs));
  }

  const rate = (runs: Timing[], key: keyof Timing): number =>
    mb / (median(runs.map((t) => t[key])) / 1000);
  const first = (runs: Timing[]): number => mb / ((runs[0]?.cpuMs ?? 0) / 1000);
  const ratio = (key: keyof Timing): string => fmt(rate(oursSteady, key) / rate(theirsSteady, key));
  process.stdout.write(
    `crashfix redactValue: ${fmt(rate(oursSteady, "wallMs"))} MB/s wall, ${fmt(rate(oursSteady, "cpuMs"))} MB/s CPU (median of ${ROUNDS}; first round ${fmt(first(oursWarm))} MB/s CPU)\n`,
  );
  process.stdout.write(
    `secretlint recommend: ${fmt(rate(theirsSteady, "wallMs"))} MB/s wall, ${fmt(rate(theirsSteady, "cpuMs"))} MB/s CPU (median of ${ROUNDS}; first round ${fmt(first(theirsWarm))} MB/s CPU; detects only, rewrites nothing)\n`,
  );
  process.stdout.write(
    `ratio crashfix/secretlint, both after ${WARMUP_ROUNDS} warm-up rounds, rounds alternating: ${ratio("wallMs")}x wall, ${ratio("cpuMs")}x CPU\n`,
  );
  // The figure this bench printed before both sides were warmed alike: secretlint's second
  // and third rounds against our steady rate.
  const early = rate(theirsWarm.slice(1, 3), "cpuMs");
  process.stdout.write(
    `ratio against secretlint after one warm-up round (${fmt(early)} MB/s CPU): ${fmt(rate(oursSteady, "cpuMs") / early)}x CPU\n`,
  );

  const scrubbed = corpus.reports.map((report) => redactValue(report));
  const leaked = corpus.planted.filter((secret) => scrubbed.some((r) => r.includes(secret)));
  process.stdout.write(
    `planted secrets in the corpus that survived: ${leaked.length} of ${corpus.planted.length}\n`,
  );
}
