#!/usr/bin/env node
import { runCommand } from "../commands-entry.js";

// The only place that ends the process; exitCode (not exit()) lets stdout drain.
process.exitCode = await runCommand(process.argv.slice(2));
