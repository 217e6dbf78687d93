import { adversarialInputs } from "../../fixtures/redact/adversarial-inputs.js";
import { fmt, timeIt } from "./timing.js";

/** CPU time of each adversarial input (best of three, after a 4 KiB warm-up) and the worst. */
export async function adversarial(
  redactValue: (text: string) => string,
  maxInputChars: number,
): Promise<void> {
  let worst = { name: "", ms: 0 };
  const rows: string[] = [];
  for (const [name, input] of adversarialInputs()) {
    redactValue(input.slice(0, 4096));
    const times: number[] = [];
    for (let run = 0; run < 3; run += 1) times.push((await timeIt(() => redactValue(input))).cpuMs);
    const ms = Math.min(...times);
    rows.push(`  ${name.padEnd(44)} ${fmt(ms).padStart(7)} ms`);
    if (ms > worst.ms) worst = { name, ms };
  }
  process.stdout.write(
    `adversarial 1 MiB inputs (cap ${maxInputChars} chars), CPU ms, best of 3:\n${rows.join("\n")}\n`,
  );
  process.stdout.write(
    `worst adversarial input: ${worst.name} at ${fmt(worst.ms)} ms (target < 100 ms)\n`,
  );
}
