import { generateCorpus } from "../../fixtures/redact/crash-corpus.js";
import type { RedactionContext } from "../../redact/redaction-context.js";
import { median } from "../stats.js";
import { fmt, type Timing, timeIt } from "./timing.js";

const MB = 1_000_000;
const REPORTS = 300;
const ROUNDS = 7;
const WARMUP_ROUNDS = 4;

/** The account's and the repository's names, as a client passes them. */
const CONTEXT: RedactionContext = {
  home: "/home/eve.smith",
  repoNames: ["git@github.com:acme/loki-mode.git"],
};

/**
 * Lines outside ASCII mixed into each report: a localized message, accented
 * words, fullwidth and look-alike near misses of the names, Unicode dashes
 * and spaces, an emoji. Every line holds a character to fold.
 */
const NON_ASCII_LINES = [
  "Ошибка: файл «конфиг.json» не найден — повторите попытку",
  "Σφάλμα: το αρχείο δεν βρέθηκε (κωδικός 2)",
  "naïve café résumé: ａｌｉｃｅ\u00a0x, еve.smitх, loki\u2011modes",
  "文件不存在：配置.json 😀 ﬁle · Müller–Lüdenscheidt",
];

function withNonAscii(report: string, at: number): string {
  const lines = report.split("\n");
  for (let i = 0; i < lines.length; i += 4) {
    lines.splice(i, 0, NON_ASCII_LINES[(at + i) % NON_ASCII_LINES.length] as string);
  }
  return lines.join("\n");
}

/**
 * The cost of the names under a context: the crash corpus scrubbed without
 * a context, with one (ASCII text: the names are matched as before), and
 * with one on the same reports with lines outside ASCII mixed in (the
 * names are matched in each text's skeleton, fold-lookalikes.ts). CPU,
 * median of the rounds after a warm-up, the three alternating.
 */
export async function contextNames(
  redactValue: (text: string, context?: RedactionContext) => string,
): Promise<void> {
  const ascii = generateCorpus(REPORTS, 7).reports;
  const mixed = ascii.map(withNonAscii);
  const bytes = (reports: string[]): number =>
    reports.reduce((sum, r) => sum + Buffer.byteLength(r, "utf8"), 0);
  const runs = {
    none: () => ascii.map((r) => redactValue(r)),
    ascii: () => ascii.map((r) => redactValue(r, CONTEXT)),
    mixed: () => mixed.map((r) => redactValue(r, CONTEXT)),
  };
  const times: Record<keyof typeof runs, Timing[]> = { none: [], ascii: [], mixed: [] };
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
    for (const key of Object.keys(runs) as (keyof typeof runs)[]) {
      const timing = await timeIt(runs[key]);
      if (round >= WARMUP_ROUNDS) times[key].push(timing);
    }
  }
  const rate = (key: keyof typeof runs, reports: string[]): string =>
    fmt(bytes(reports) / MB / (median(times[key].map((t) => t.cpuMs)) / 1000));
  process.stdout.write(
    `names under a context (${REPORTS} reports; CPU, median of ${ROUNDS}): no context ${rate("none", ascii)} MB/s, context on ASCII text ${rate("ascii", ascii)} MB/s, context with lines outside ASCII (${fmt(bytes(mixed) / MB, 2)} MB) ${rate("mixed", mixed)} MB/s\n`,
  );
}
