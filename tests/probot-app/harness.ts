// Shared setup for the ingest tests: a real local GitHub on 127.0.0.1 and a
// real ingest (in process, or the built bin as a child process), with short
// flush intervals and no pacing so the suite stays fast.
import { Agent, request } from "node:http";
import { afterAll, beforeAll, vi } from "vitest";
import { type LocalGitHub, startLocalGitHub } from "../../local-github/index.js";
import { type CrashfixConfig, readEnvConfig } from "../../probot-app/config/read-env-config.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import type { Report } from "../../redact/index.js";
import { parseCountersComment } from "../../triage/index.js";
import { tempFolder } from "../helpers/temp-folders.js";

export { makeReport, reportFor } from "../../fixtures/reports.js";

/** The private triage repository the tests' ingest files into, whole and in parts. */
export const TRIAGE = { owner: "acme", repo: "triage" } as const;
export const TRIAGE_REPO = `${TRIAGE.owner}/${TRIAGE.repo}`;
export const ADMIN_TOKEN = "admin-token-for-tests-0123456789";

export const tempDir = (prefix: string) => tempFolder(`crashfix-${prefix}-`);

export async function startGitHub(): Promise<LocalGitHub> {
  return startLocalGitHub({
    dataDir: tempDir("github"),
    // Private, as docs/ARCHITECTURE.md has it: the ingest's check refuses a public one.
    privateRepos: [TRIAGE_REPO],
    // Keep GitHub's budgets but answer secondary limits quickly.
    limits: { secondary: { perMinute: 80, perHour: 500, retryAfterSeconds: 1 } },
  });
}

export function ingestEnv(
  gh: LocalGitHub,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    CRASHFIX_LOCAL_GITHUB_DATA: gh.dataDir,
    GITHUB_API_URL: gh.apiUrl,
    CRASHFIX_TRIAGE_REPO: TRIAGE_REPO,
    CRASHFIX_SPOOL_DIR: tempDir("spool"),
    CRASHFIX_ADMIN_TOKEN: ADMIN_TOKEN,
    CRASHFIX_FLUSH_INTERVAL_MS: "200",
    CRASHFIX_WRITE_INTERVAL_MS: "0",
    CRASHFIX_CREATE_INTERVAL_MS: "0",
    // GitHub's Retry-After is in seconds and the local GitHub honours it.
    CRASHFIX_RETRY_AFTER_BASE_MS: "1000",
    CRASHFIX_RATE_IP_PER_MINUTE: "1000000",
    CRASHFIX_RATE_PROJECT_PER_MINUTE: "1000000",
    CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "1000",
    CRASHFIX_BODY_TIMEOUT_MS: "500",
    // A worker killed between winning the fp: label and opening the issue
    // leaves the label behind; the next one takes over after this wait.
    CRASHFIX_LOCK_WAIT_MS: "2000",
    // Leave pacing to the local GitHub's secondary limits in tests.
    CRASHFIX_WRITES_PER_MINUTE: "100000",
    CRASHFIX_WRITES_PER_HOUR: "100000",
    PORT: "0",
    LOG_LEVEL: "silent",
    ...extra,
  };
}

export function ingestConfig(gh: LocalGitHub, extra: Record<string, string> = {}): CrashfixConfig {
  return readEnvConfig(ingestEnv(gh, extra));
}

/** The local GitHub and the in-process ingest a test file shares, once beforeAll has run. */
export type SharedIngest = { gh: LocalGitHub; ingest: CrashfixServer };

// Starts a local GitHub and an ingest on it before the file's tests and
// stops both after them.
export function shareIngest(extra: Record<string, string> = {}): SharedIngest {
  const shared = {} as SharedIngest;
  beforeAll(async () => {
    shared.gh = await startGitHub();
    shared.ingest = await startCrashfixServer(ingestConfig(shared.gh, extra));
  });
  afterAll(async () => {
    await shared.ingest?.close();
    await shared.gh?.close();
  });
  return shared;
}

export type Answer = {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
};

// Raw HTTP, so tests control every byte and header.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

export function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = { "content-type": "application/json" },
  path = "/v1/crash",
  agent: Agent | false = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: "POST", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

export function postReport(url: string, report: unknown, reuse = false): Promise<Answer> {
  const headers = { "content-type": "application/json" };
  return post(url, JSON.stringify(report), headers, "/v1/crash", reuse ? keepAlive : false);
}

/** Until `probe` gives a value (vitest's poll; `what` names it when it times out). */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`timed out waiting for ${what}`);
      return value;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

async function api<T>(gh: LocalGitHub, path: string): Promise<T> {
  const res = await fetch(`${gh.apiUrl}${path}`, {
    headers: { authorization: `token ${gh.token}`, accept: "application/vnd.github+json" },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

type RestIssue = { number: number; state: string; body: string | null; labels: { name: string }[] };

/** What the ingest at `url` says of itself on its admin route: its counters and how many reports wait. */
export async function statsOf(
  url: string,
): Promise<{ counters: Record<string, number>; spoolDepth: number }> {
  const res = await fetch(`${url}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return (await res.json()) as { counters: Record<string, number>; spoolDepth: number };
}

/** Waits until the ingest at `url` says (GET /healthz) that its spool holds nothing: every report is counted. */
export function waitForEmptySpool(url: string): Promise<true> {
  return waitFor("the spool to drain", async () => {
    const health = await fetch(`${url}/healthz`);
    return ((await health.json()) as { spoolDepth: number }).spoolDepth === 0 ? true : undefined;
  });
}

export async function triageIssues(gh: LocalGitHub): Promise<RestIssue[]> {
  const issues: RestIssue[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await api<RestIssue[]>(
      gh,
      `/repos/${TRIAGE_REPO}/issues?state=all&per_page=100&page=${page}&labels=crashfix`,
    );
    issues.push(...batch);
    if (batch.length < 100) return issues;
  }
}

export async function countersOf(gh: LocalGitHub, issueNumber: number) {
  const comments = await api<{ body: string }[]>(
    gh,
    `/repos/${TRIAGE_REPO}/issues/${issueNumber}/comments?per_page=100`,
  );
  const parsed = comments.map((comment) => parseCountersComment(comment.body));
  return {
    commentCount: parsed.filter((c) => c !== undefined).length,
    counters: parsed.find((c) => c),
  };
}

// Sum of all counters on the triage repo, per issue.
export async function triageTotals(gh: LocalGitHub) {
  const issues = await triageIssues(gh);
  const totals = new Map<number, number>();
  // Counters comments per issue (exactly one where anything was counted).
  const commentCounts = new Map<number, number>();
  let countersComments = 0;
  for (const issue of issues) {
    const { commentCount, counters } = await countersOf(gh, issue.number);
    countersComments += commentCount;
    commentCounts.set(issue.number, commentCount);
    totals.set(issue.number, counters?.total ?? 0);
  }
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  return { issues, totals, sum, countersComments, commentCounts };
}

/** What a storm of sendAll has done so far: reports accepted, and sends that failed and will be retried. */
export type SendProgress = { accepted: number; failed: number };

// Sends reports with `concurrency` parallel clients; each retries on network
// errors and 5xx/429, as the crashfix client does.
export async function sendAll(
  url: () => string,
  reports: readonly Report[],
  concurrency = 16,
  progress: SendProgress = { accepted: 0, failed: 0 },
) {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const report = reports[index];
      if (!report) return;
      for (let attempt = 0; ; attempt += 1) {
        try {
          const answer = await postReport(url(), report, true);
          if (answer.status === 202) {
            accepted += 1;
            progress.accepted += 1;
            break;
          }
          if (answer.status < 500 && answer.status !== 429) {
            throw new Error(`report refused with ${answer.status}: ${answer.body}`);
          }
        } catch (error: unknown) {
          if ((error as Error).message.startsWith("report refused")) throw error;
          if (attempt > 400) throw error;
        }
        progress.failed += 1;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accepted;
}
