#!/usr/bin/env node
// A loki-mode-style CLI, TypeScript route, wired to crashfix.
// Run: node --import tsx examples/loki-style/cli.ts run [--fail-in ACT] [--flaky]
//      node --import tsx examples/loki-style/cli.ts crash | telemetry status | doctor
import { type CrashReporterConfig, createCrashReporter, runCrashfixCommand } from "crashfix";

const config: CrashReporterConfig = {
  app: "loki",
  version: "1.4.2",
  repo: "asklokesh/loki-mode",
  displayName: "Loki Mode",
  // The commands are mounted below: hints name `loki crash show <id>`.
  command: "loki",
  endpoint: process.env.LOKI_CRASH_ENDPOINT,
  privacyUrl: "https://github.com/asklokesh/loki-mode/blob/main/PRIVACY.md",
  // loki-mode's repository runs crashfix's auto-fix workflow.
  autoFix: true,
};

const PHASES = ["REASON", "ACT", "REVIEW", "VERIFY", "CLOSE"] as const;

async function main(argv: string[]): Promise<number> {
  const reporter = createCrashReporter(config).install();
  const [command = "help", ...rest] = argv;
  // The host's own `crash`, `telemetry` and `doctor` are crashfix's commands;
  // a nonzero code they return is not reported as a crash.
  if (command === "crash" || command === "telemetry" || command === "doctor") {
    return runCrashfixCommand(argv, { config });
  }
  if (command !== "run") {
    process.stderr.write(
      "usage: loki run [--fail-in PHASE] [--flaky] | crash | telemetry | doctor\n",
    );
    return 2;
  }
  // Any usage telemetry of the host asks the same switch as crash reports.
  if (reporter.decision().enabled) {
    // e.g. send a usage ping here; crashfix itself sends nothing but crash reports
  }
  const failIn = rest[rest.indexOf("--fail-in") + 1];
  for (const phase of PHASES) {
    reporter.setPhase(phase);
    if (rest.includes("--flaky")) {
      // A provider that keeps failing: reported once, at the third failure.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        reporter.providerFailure("example-provider", { status: 503 });
      }
    }
    if (rest.includes("--fail-in") && phase === failIn) runPhase(phase);
    process.stdout.write(`${phase} done\n`);
  }
  return 0;
}

function runPhase(phase: string): never {
  throw new Error(`phase ${phase} could not read its plan`);
}

process.exitCode = await main(process.argv.slice(2));
