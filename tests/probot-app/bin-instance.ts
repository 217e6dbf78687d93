// The built crashfix-server bin as a child process, as production runs it
// (`npm run build` first), so a test can kill -9 it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const BIN = join(import.meta.dirname, "../../lib/probot-app/bin/crashfix-server.js");

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
}

// Resolves once the server says it listens; rejects if it exits first.
export function startBin(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("listening on")) resolve(proc);
    });
    proc.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("exit", (code) => reject(new Error(`crashfix-server exited with ${code}: ${out}`)));
  });
}

export async function killBin(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGKILL");
  await exited;
}

// Runs the bin to its end (a subcommand such as `flush --once`) without
// blocking this process, which may serve the local GitHub the bin talks to.
export function runBin(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      out.stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out.stderr += chunk.toString();
    });
    child.on("close", (status) => resolve({ status, ...out }));
  });
}
