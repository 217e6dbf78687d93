#!/usr/bin/env node
// `tally`: the demo's sample CLI. A few lines wire crashfix in (see the README's
// "Add it to a Node CLI"); everything else is the tool itself.
import { createCrashReporter } from "crashfix";
import { loadProfile, runAvg, syncWithProvider } from "../src/commands.mjs";

createCrashReporter({
  app: "tally",
  version: process.env.TALLY_VERSION ?? "1.4.0",
  repo: process.env.TALLY_REPO ?? "demo/tally",
  endpoint: process.env.TALLY_CRASH_ENDPOINT,
  privacyUrl: "https://github.com/demo/tally/blob/main/PRIVACY.md",
  // The demo runs the auto-fix workflow on the crashes it reports.
  autoFix: true,
}).install();

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case "avg":
    console.log(await runAvg(args));
    break;
  case "profile":
    console.log(await loadProfile(args[0] ?? "profile.json"));
    break;
  case "sync":
    // Not awaited, as in the bug it stands for: the rejection goes unhandled.
    syncWithProvider(process.env.TALLY_API_KEY ?? "none");
    break;
  case "check":
    console.error("tally: 2 checks failed");
    process.exitCode = 3;
    break;
  default:
    console.error("usage: tally avg <numbers...> | profile [file] | sync | check");
    process.exitCode = 2;
}
