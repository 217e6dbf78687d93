#!/usr/bin/env node
import { runCrashfixCommand } from "../run-command.js";

// The only place that ends the process; exitCode (not exit()) lets stdout drain.
process.exitCode = await runCrashfixCommand(process.argv.slice(2));
