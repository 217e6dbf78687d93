import { afterAll, describe, expect, it } from "vitest";
import { readEnvConfig } from "../../probot-app/config/read-env-config.js";
import type { TriageRepoAccess } from "../../probot-app/preflight/check-triage-repo.js";
import {
  checkBeforeFiling,
  FilingHeldError,
  gateFiling,
} from "../../probot-app/preflight/filing-gate.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { startCrashfixServer } from "../../probot-app/server/start-crashfix-server.js";
import type { TriageOctokit } from "../../probot-app/worker/github-types.js";
import { capturedLog } from "./captured-log.js";
import { ingestEnv, postReport, reportFor, startGitHub, waitFor } from "./harness.js";

const octokit = {} as TriageOctokit;
const publicRepo: TriageRepoAccess = {
  ok: false,
  definite: true,
  reason: "triage repo acme/t is public",
  fix: "make it private",
  holdsFiling: true,
};

/** A logger whose messages the test reads. */
function logged() {
  const { log, lines } = capturedLog();
  return { log, messages: () => lines.map((line) => line.msg) };
}

describe("gateFiling", () => {
  it("hands out the Octokit with no check, and while the check says the repo takes reports", async () => {
    let asked = 0;
    const get = async () => {
      asked += 1;
      return octokit;
    };
    expect(await gateFiling(get, () => undefined)()).toBe(octokit);
    const { log } = logged();
    const fine = checkBeforeFiling(async () => ({ ok: true, installationId: 1 }), log);
    expect(await gateFiling(get, () => fine)()).toBe(octokit);
    expect(asked).toBe(2);
  });

  it("holds filing while the repo is public: FilingHeldError, no Octokit asked for, one log line for every pass", async () => {
    let asked = 0;
    let checks = 0;
    const { log, messages } = logged();
    const once = checkBeforeFiling(async () => {
      checks += 1;
      return publicRepo;
    }, log);
    const gate = gateFiling(
      async () => {
        asked += 1;
        return octokit;
      },
      () => once,
    );
    await expect(gate()).rejects.toBeInstanceOf(FilingHeldError);
    await expect(gate()).rejects.toThrow("triage repo acme/t is public");
    expect({ asked, checks }).toEqual({ asked: 0, checks: 1 });
    expect(messages()).toEqual([
      "the flush files nothing: triage repo acme/t is public; make it private",
    ]);
  });

  it("files on after a refusal that does not hold filing (the flush itself then fails and retries)", async () => {
    const { log, messages } = logged();
    const refused = checkBeforeFiling(
      async () => ({ ok: false, definite: true, reason: "not found", fix: "create it" }),
      log,
    );
    expect(
      await gateFiling(
        async () => octokit,
        () => refused,
      )(),
    ).toBe(octokit);
    expect(messages()).toEqual([]);
  });
});

describe("an ingest whose GitHub does not answer", () => {
  const closing: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closing) await close();
  });

  it("closes at once with a report mid-flush: its GitHub requests are aborted, not retried for a minute", async () => {
    const gh = await startGitHub();
    closing.push(() => gh.close());
    const deadUrl = `http://127.0.0.1:${await pickPort("127.0.0.1")}/api/v3`;
    const server = await startCrashfixServer(
      readEnvConfig(ingestEnv(gh, { GITHUB_API_URL: deadUrl })),
      { log: logged().log },
    );
    expect((await postReport(server.url, reportFor(1))).status).toBe(202);
    // A flush pass has started on it: Octokit now retries its requests.
    await waitFor("a flush pass", async () =>
      server.metrics.snapshot().github_requests ? true : undefined,
    );
    const started = Date.now();
    await server.close();
    // Octokit's retries alone (1 + 4 + 9 s, twice) took 65 s before.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
