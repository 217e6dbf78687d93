// Once an operator fixes the App's installation, the flush files on its
// first pass after the fix, even where GitHub holds each installation token
// to what it was issued with (the local GitHub's tokenGrant: "as-issued"),
// so the token the flush has cached stays refused: after a refusal, the
// flush asks for a new token, once a pass, instead of reusing the cached one
// for up to an hour. The same through the local spool and the Redis spool.
import { createAppAuth } from "@octokit/auth-app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasRedisServer, type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { InstallationInput, LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { capturedLog } from "./captured-log.js";
import {
  ingestConfig,
  postReport,
  reportFor,
  startGitHub,
  statsOf,
  TRIAGE_REPO,
  triageTotals,
} from "./harness.js";

const TOKEN_ROUTE = "POST /app/installations/{installation_id}/access_tokens";

const tokensAsked = (gh: LocalGitHub) => gh.stats().requests[TOKEN_ROUTE] ?? 0;

// A token of the installation, asked for as the App, as the ingest does.
async function installationToken(gh: LocalGitHub): Promise<string> {
  const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
  const { token: jwt } = await auth({ type: "app" });
  const res = await fetch(`${gh.apiUrl}/app/installations/${gh.app.installationId}/access_tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, accept: "application/vnd.github+json" },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

// What GitHub answers a token that tries to open an issue in the triage repo.
async function openIssueWith(gh: LocalGitHub, token: string) {
  const res = await fetch(`${gh.apiUrl}/repos/${TRIAGE_REPO}/issues`, {
    method: "POST",
    headers: { authorization: `token ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "a token from before the fix" }),
  });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

// The flush's backoff after a failure is twice the flush interval (1 ms
// here) per failure so far: a pass this much later tries every fingerprint.
const afterBackoff = () => new Promise((resolve) => setTimeout(resolve, 50));

const troubles = [
  {
    trouble: "Issues read, the flush's token issued while it was",
    fileFirst: false,
    broken: { permissions: { issues: "read" } },
    fixed: { permissions: { issues: "write" } },
    github: "Resource not accessible by integration",
  },
  {
    trouble: "a suspension, the flush's token issued before it",
    fileFirst: true,
    broken: { suspended: true },
    fixed: { suspended: false },
    github: "This installation has been suspended",
  },
] satisfies {
  trouble: string;
  // File a report before the trouble, so the flush holds a token from before it.
  fileFirst: boolean;
  broken: InstallationInput;
  fixed: InstallationInput;
  github: string;
}[];

const spools = [
  { spool: "the local spool", redis: false },
  { spool: "the Redis spool", redis: true },
];

describe.each(spools)("$spool", ({ redis: withRedis }) => {
  describe.skipIf(withRedis && !hasRedisServer).each(troubles)(
    "after $trouble is fixed",
    ({ fileFirst, broken, fixed, github }) => {
      let gh: LocalGitHub;
      let redis: RedisServer | undefined;
      let server: CrashfixServer;
      const { log, lines } = capturedLog();
      // Two reports of one bug and one of another.
      const reports = [reportFor(1), reportFor(1), reportFor(2)];
      // A token GitHub issued before the fix, as the flush's cached one was.
      let tokenBeforeFix: string;
      const pass = async () => {
        await afterBackoff();
        await server.flusher.flushOnce();
      };

      beforeAll(async () => {
        gh = await startGitHub();
        gh.setInstallation({ tokenGrant: "as-issued", ...(fileFirst ? {} : broken) });
        if (withRedis) redis = await startRedisServer();
        const extra = {
          CRASHFIX_FLUSH_INTERVAL_MS: "1",
          ...(redis ? { CRASHFIX_REDIS_URL: redis.url } : {}),
        };
        // Passes are run by the test, one at a time.
        server = await startCrashfixServer(ingestConfig(gh, extra), {
          log,
          flush: "scheduled",
        });
        if (fileFirst) {
          expect((await postReport(server.url, reportFor(3))).status).toBe(202);
          await pass();
          expect((await statsOf(server.url)).counters.reports_counted).toBe(1);
          tokenBeforeFix = await installationToken(gh);
          gh.setInstallation(broken);
        } else {
          tokenBeforeFix = await installationToken(gh);
        }
      });

      afterAll(async () => {
        await server?.close();
        await redis?.stop();
        await gh?.close();
      });

      it("files nothing while the installation is refused, and asks for at most one token a pass", async () => {
        for (const report of reports) {
          expect((await postReport(server.url, report)).status).toBe(202);
        }
        const asked = tokensAsked(gh);
        await pass();
        // The first refusal: the token in hand (or, with none, one for the pass).
        expect(tokensAsked(gh) - asked).toBeLessThanOrEqual(1);
        const afterFirst = tokensAsked(gh);
        await pass();
        // Refused again: one new token for the pass, not one per bug.
        expect(tokensAsked(gh) - afterFirst).toBe(1);
        const stats = await statsOf(server.url);
        expect(stats.spoolDepth).toBe(reports.length);
        expect(stats.counters.reports_counted ?? 0).toBe(fileFirst ? 1 : 0);
      });

      it("files and counts every refused report once on the first pass after the fix, while a token from before the fix is still refused", async () => {
        gh.setInstallation(fixed);
        const old = await openIssueWith(gh, tokenBeforeFix);
        expect(old.status).toBe(403);
        expect(old.body.message).toBe(github);

        await pass();
        const stats = await statsOf(server.url);
        expect(stats.spoolDepth).toBe(0);
        expect(stats.counters.reports_counted).toBe(reports.length + (fileFirst ? 1 : 0));
        const totals = await triageTotals(gh);
        expect(totals.sum).toBe(reports.length + (fileFirst ? 1 : 0));
        expect([...totals.commentCounts.values()].every((count) => count === 1)).toBe(true);
      });

      it("said the refusal once, and that it files again once", () => {
        expect(lines.filter((line) => line.msg.startsWith("flush failed"))).toEqual([
          expect.objectContaining({ level: 40, msg: expect.stringContaining(`GitHub: ${github}`) }),
        ]);
        expect(lines.filter((line) => line.msg.startsWith("flush files again"))).toHaveLength(1);
      });
    },
  );
});
