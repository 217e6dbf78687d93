// Load on POST /v1/crash from this process, with autocannon.
import autocannon from "autocannon";
import { makeReport } from "../../fixtures/reports.js";

export function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

// Reports of `bugs` fingerprints in turn, each with a fresh report id (a
// closed loop of 32 connections unless `extra` says otherwise).
export function crashLoad(url: string, bugs: number, extra: Partial<autocannon.Options>) {
  let n = 0;
  return cannon({
    url: `${url}/v1/crash`,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: 32,
    ...extra,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          n += 1;
          const report = makeReport({ frames: [`handler${n % bugs}`, "dispatch", "main"] });
          return { ...request, body: JSON.stringify(report) };
        },
      },
    ],
  });
}
