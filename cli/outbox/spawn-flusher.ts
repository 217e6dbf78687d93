import { crashfixBinPath } from "../bin-path.js";
import type { ResolvedConfig } from "../config/resolve-config.js";

/**
 * Starts `crashfix __flush` detached and unref'd: the host neither waits for
 * it nor keeps its event loop alive for it, so its exit is never delayed by
 * the network. The flush reads the settings the host's install wrote.
 */
export function spawnFlusher(input: {
  config: ResolvedConfig;
  cwd: string;
  env: Record<string, string | undefined>;
}): boolean {
  try {
    // Loaded here, not at the host's start: most starts have nothing to send,
    // and node:child_process costs a start several milliseconds.
    const { spawn } = process.getBuiltinModule("node:child_process");
    const child = spawn(
      process.execPath,
      [crashfixBinPath(), "__flush", "--config", input.config.paths.hostSettingsFile],
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
