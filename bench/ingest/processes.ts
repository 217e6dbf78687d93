// The processes of the ingest bench: a local GitHub in this process, the
// built crashfix-server bin in its own (as `npx crashfix-server` runs it,
// not the sources through tsx), and what they report.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RedisServer } from "../../fixtures/redis-server.js";
import { type LocalGitHub, startLocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { benchTempFolder } from "../temp-folder.js";

export const REPO = "acme/triage";
const ADMIN = "bench-admin-token-0123456789abcdef";
// `npm run bench` runs from the repository root (and bundles this file
// elsewhere, so its own place says nothing).
const root = process.cwd();
const BIN = join(root, "lib/probot-app/bin/crashfix-server.js");

export function assertBuilt(): void {
  if (existsSync(BIN)) return;
  process.stderr.write(
    "bench/ingest: build first (npm run build), and run it from the repository root\n",
  );
  process.exit(1);
}

export async function startGitHub(): Promise<LocalGitHub> {
  // Secondary limits off: count the calls the ingest chooses to make.
  return startLocalGitHub({
    dataDir: benchTempFolder("github"),
    // Private, as a triage repo is: the ingest logs an error for a public one.
    privateRepos: [REPO],
    limits: { secondary: { perMinute: 0, perHour: 0 }, primary: { limit: 1_000_000 } },
  });
}

// Each run starts from an empty Redis: a run that ends leaves reports it did
// not count, which the next run's new local GitHub must not get.
export async function freshRedis(redis: RedisServer | undefined, env: Record<string, string>) {
  if (env.CRASHFIX_REDIS_URL) await redis?.client().flushall();
}

export type Ingest = { url: string; child: ChildProcess };

export async function startIngest(gh: LocalGitHub, env: Record<string, string>): Promise<Ingest> {
  const port = await pickPort("127.0.0.1");
  const child = spawn(process.execPath, [BIN], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      CRASHFIX_LOCAL_GITHUB_DATA: gh.dataDir,
      GITHUB_API_URL: gh.apiUrl,
      CRASHFIX_TRIAGE_REPO: REPO,
      CRASHFIX_SPOOL_DIR: benchTempFolder("spool"),
      CRASHFIX_ADMIN_TOKEN: ADMIN,
      CRASHFIX_RATE_IP_PER_MINUTE: "100000000",
      CRASHFIX_RATE_PROJECT_PER_MINUTE: "100000000",
      CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "1000",
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`ingest exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function stopIngest(ingest: Ingest): Promise<void> {
  ingest.child.kill("SIGTERM");
  await new Promise((resolve) => ingest.child.once("exit", resolve));
}

export async function ingestStats(url: string) {
  const res = await fetch(`${url}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return (await res.json()) as {
    counters: Record<string, number>;
    spoolDepth: number;
    cpuMicros: { user: number; system: number };
  };
}
