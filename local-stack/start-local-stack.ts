import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { makeFolder } from "../cli/store/make-folder.js";
import { type LocalGitHub, startLocalGitHub } from "../local-github/index.js";
import {
  type CrashfixServer,
  type IngestObserver,
  readEnvConfig,
  startCrashfixServer,
} from "../probot-app/index.js";
import {
  loadOrCreateAdminToken,
  readStackFile,
  STACK_FILE,
  type StackFile,
  writeStackFile,
} from "./stack-file.js";

export type LocalStackOptions = {
  /** One folder for everything: the local GitHub's store, the spool, the stack file. */
  dataDir: string;
  /** 0 picks a free port (tests); `npm start` uses fixed ones so links stay valid. */
  githubPort?: number;
  ingestPort?: number;
  publicRepo?: string;
  triageRepo?: string;
  flushIntervalMs?: number;
  logLevel?: "info" | "warn" | "error" | "silent";
  /** Told of each accepted report and each GitHub event (what `npm start` prints). */
  observer?: IngestObserver;
};

/** Which of the two servers could not start; the cause says why (e.g. EADDRINUSE). */
export class StackStartError extends Error {
  readonly code = "STACK_START";
  constructor(
    readonly part: "github" | "ingest",
    readonly port: number,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `the ${part === "github" ? "local GitHub" : "ingest"} could not start: ${reason}`,
      options,
    );
    this.name = "StackStartError";
  }
}

export type LocalStack = StackFile & {
  github: LocalGitHub;
  ingest: CrashfixServer;
  dataDir: string;
  close(): Promise<void>;
};

export const DEFAULT_PUBLIC_REPO = "demo/tally";
export const DEFAULT_TRIAGE_REPO = "demo/tally-triage";

/**
 * Starts the embedded default: the local GitHub (public and private triage
 * repositories, a generated GitHub App) and the ingest pointed at it, both on
 * loopback. The same ingest code runs against github.com; only its env differs.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const publicRepo = options.publicRepo ?? DEFAULT_PUBLIC_REPO;
  const triageRepo = options.triageRepo ?? DEFAULT_TRIAGE_REPO;
  makeFolder(dataDir);
  const githubDir = join(dataDir, "github");
  makeFolder(githubDir);
  const githubPort = options.githubPort ?? 0;
  const github = await startLocalGitHub({
    dataDir: githubDir,
    port: githubPort,
    // The local GitHub enforces GitHub's budgets by default; the ingest paces
    // itself within them, so the embedded default feels like the real thing.
  }).catch((error: unknown) => {
    throw new StackStartError("github", githubPort, { cause: error });
  });
  let ingest: CrashfixServer | undefined;
  try {
    await github.createRepo(publicRepo, { private: false });
    await github.createRepo(triageRepo, { private: true });
    const adminToken = await loadOrCreateAdminToken(dataDir);
    const config = readEnvConfig({
      CRASHFIX_LOCAL_GITHUB_DATA: githubDir,
      GITHUB_API_URL: github.apiUrl,
      CRASHFIX_TRIAGE_REPO: triageRepo,
      CRASHFIX_ADMIN_TOKEN: adminToken,
      CRASHFIX_SPOOL_DIR: join(dataDir, "spool"),
      CRASHFIX_FLUSH_INTERVAL_MS: String(options.flushIntervalMs ?? 1_000),
      // Loopback to a local store: pacing that protects github.com only slows the demo.
      CRASHFIX_WRITE_INTERVAL_MS: "50",
      CRASHFIX_CREATE_INTERVAL_MS: "100",
      PORT: String(options.ingestPort ?? 0),
      HOST: "127.0.0.1",
      LOG_LEVEL: options.logLevel ?? "warn",
    });
    ingest = await startCrashfixServer(config, {
      ...(options.observer ? { observer: options.observer } : {}),
    }).catch((error: unknown) => {
      throw new StackStartError("ingest", config.port, { cause: error });
    });
    // Webhooks from the local GitHub reach the ingest as GitHub's would: closing
    // a triage issue as completed marks its crash fixed.
    github.setWebhookUrl(`${ingest.url}/api/github/webhooks`);
    const stack: StackFile = {
      pid: process.pid,
      serverUrl: github.serverUrl,
      apiUrl: github.apiUrl,
      ingestUrl: ingest.url,
      token: github.token,
      adminToken,
      publicRepo,
      triageRepo,
      githubDataDir: githubDir,
    };
    await writeStackFile(dataDir, stack);
    const running = ingest;
    return {
      ...stack,
      github,
      ingest: running,
      dataDir,
      async close() {
        // Another start on the same folder may have written it since: leave theirs.
        const current = await readStackFile(dataDir);
        if (current?.pid === process.pid) await rm(join(dataDir, STACK_FILE), { force: true });
        await running.close();
        await github.close();
      },
    };
  } catch (error: unknown) {
    await ingest?.close().catch(() => undefined);
    await github.close().catch(() => undefined);
    throw error;
  }
}
