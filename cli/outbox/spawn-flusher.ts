import { copyFilesFix, crashfixBinPath, missingCommandFile } from "../bin-path.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { appendLogLine } from "../store/append-log-line.js";

/**
 * Starts `crashfix __flush` detached and unref'd: the host neither waits for
 * it nor keeps its event loop alive for it, so its exit is never delayed by
 * the network. The flush reads the settings the host's install wrote.
 * Returns false when it started nothing; a command file missing beside the
 * client (a bundle whose build did not copy them) is logged, as the child
 * would die unseen.
 */
export function spawnFlusher(input: {
  config: ResolvedConfig;
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => number;
}): boolean {
  try {
    const bin = crashfixBinPath();
    if (bin === undefined) {
      appendLogLine(
        input.config.paths.logFile,
        `background send not started: ${missingCommandFile()} is missing, so queued reports wait; ${copyFilesFix()}`,
        new Date(input.now()),
      );
      return false;
    }
    // Loaded here, not at the host's start: most starts have nothing to send,
    // and node:child_process costs a start several milliseconds.
    const { spawn } = process.getBuiltinModule("node:child_process");
    const child = spawn(
      process.execPath,
      [bin, "__flush", "--config", input.config.paths.hostSettingsFile],
      { cwd: input.cwd, detached: true, stdio: "ignore", env: input.env },
    );
    child.on("error", () => {
      // The flush is best effort; the outbox keeps the reports.
    });
    child.unref();
    return true;
  } catch {
    return false;
  }
}
