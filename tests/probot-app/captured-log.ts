import { Writable } from "node:stream";
import pino from "pino";

export type LogLine = { level: number; msg: string; [field: string]: unknown };

// A pino logger at info whose lines the test reads back, as an operator
// reads them.
export function capturedLog() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}
