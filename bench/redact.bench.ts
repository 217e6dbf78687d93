// Scrubber benchmark: throughput on a realistic crash-report corpus against
// secretlint (recommended preset) in the same run, worst time on adversarial
// 1 MiB inputs, and recall / destroyed words on the golden corpus
// (fixtures/redact/corpus). Run: npm run bench -- redact
// REDACT_LIB=<dir> scores another build of lib/redact (e.g. an older
// commit's) on the same corpus; REDACT_CLASSES=1 prints every class.
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { adversarial } from "./redact/adversarial.js";
import { contextNames } from "./redact/context-names.js";
import { loadRedactLib } from "./redact/load-lib.js";
import { recall } from "./redact/recall.js";
import { throughput } from "./redact/throughput.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lib = await loadRedactLib(process.env.REDACT_LIB ?? join(root, "lib/redact"));
if (lib === undefined) {
  process.stderr.write("bench/redact: build first (npm run build)\n");
  process.exit(1);
}

process.stdout.write(
  `redact bench (lib/redact), rules ${lib.RULES_VERSION}, node ${process.versions.node}, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}\n`,
);
await throughput(lib.redactValue);
await contextNames(lib.redactValue);
await adversarial(lib.redactValue, lib.MAX_INPUT_CHARS);
await recall(lib.redactValue, process.env.REDACT_CLASSES === "1");
// secretlint's profiler (@secretlint/profiler) observes every performance mark
// its lintSource makes and, once the event loop turns, matches each against
// all it kept before: after this bench's ~11,000 calls that is many minutes
// of CPU after everything above has printed. Nothing is left to measure.
process.exit(0);
