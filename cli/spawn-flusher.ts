import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const FLUSH_CONFIG_ENV = "CRASHFIX_FLUSH_CONFIG";

/**
 * Starts `crashfix __flush` detached and unref'd: the host neither waits for
 * it nor keeps its event loop alive for it, so the host's exit is never
 * delayed by the network.
 */
export function spawnFlusher(input: {
  rawConfig: unknown;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): boolean {
  try {
    // Loaded here: most starts have nothing to flush and never need it.
    const { spawn } = createRequire(import.meta.url)(
      "node:child_process",
    ) as typeof import("node:child_process");
    const bin = fileURLToPath(new URL("./bin/crashfix.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "__flush"], {
      cwd: input.cwd,
      detached: true,
      stdio: "ignore",
      env: { ...input.env, [FLUSH_CONFIG_ENV]: JSON.stringify(input.rawConfig) },
    });
    child.on("error", () => {
      // The flush is best effort; the outbox keeps the reports.
    });
    child.unref();
    return true;
  } catch {
    return false;
  }
}
