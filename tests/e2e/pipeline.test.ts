import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PLANTED, plantedValues } from "../../demo/planted-secrets.js";
import { createDemoOctokit, readTriage } from "../../demo/read-triage.js";
import { type DemoResult, runDemo } from "../../demo/run-demo.js";
import { type LocalStack, startLocalStack } from "../../local-stack/start-local-stack.js";
import { CHROMIUM, launchBrowser, openPage, screenshot } from "../helpers/browser.js";
import { makeReport, postReport } from "../probot-app/harness.js";
import { everythingStored } from "./everything-stored.js";

const execFileAsync = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("the whole pipeline on the local stack, as `npm run demo` runs it", () => {
  let dataDir: string;
  let workDir: string;
  let stack: LocalStack;
  let first: DemoResult;
  let chartIssue = 0;
  // Launched by the first browser test; closed with the stack.
  let browser: Browser | undefined;
  const openInBrowser = async (url: string) => {
    browser ??= await launchBrowser();
    return openPage(browser, url);
  };
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crashfix-e2e-data-"));
    workDir = await mkdtemp(join(tmpdir(), "crashfix-e2e-work-"));
    stack = await startLocalStack({ dataDir, logLevel: "silent", flushIntervalMs: 300 });
    first = await runDemo({ stack, root, workDir, say: (line) => lines.push(line) });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it("shows the first-run disclosure before anything leaves, and a short notice after the crash", () => {
    expect(first.userView.firstStderr).toMatch(/anonymous diagnostics only/);
    expect(first.userView.firstStderr).toMatch(/tally telemetry off/);
    expect(first.userView.firstStderr).toMatch(/crash show/);
  });

  it("keeps the user's own view scrubbed: no planted secret in `crash` or `crash show`", () => {
    for (const secret of plantedValues()) {
      expect(first.userView.list).not.toContain(secret);
      expect(first.userView.show).not.toContain(secret);
    }
    expect(JSON.parse(first.userView.show)).toMatchObject({ schema: "1", app: "tally" });
  });

  it("files one triage issue per distinct crash and counts every report exactly once", () => {
    expect(first.reportsSent).toBe(9);
    const byTop = Object.fromEntries(
      first.triage.map((entry) => [`${entry.errorClass}:${entry.topFrame}`, entry.total]),
    );
    expect(byTop).toEqual({
      "TypeError:mean": 5,
      "ProviderError:syncWithProvider": 2,
      "ENOENT:loadProfile": 1,
      "NonZeroExit:exit:3": 1,
    });
    expect(first.fixed.distinctProjects).toBe(3);
  });

  it("moves the confirmed crash through promotion to a proposed fix", () => {
    expect(first.fixed.status).toBe("crash:fix-proposed");
    const others = first.triage.filter((entry) => entry.fingerprint !== first.fixed.fingerprint);
    expect(others.map((entry) => entry.status)).toEqual(["crash:new", "crash:new", "crash:new"]);
  });

  it("opens a sanitized public issue that names neither the triage repo nor any secret", () => {
    expect(first.publicIssue.body).toContain(first.fixed.fingerprint);
    expect(first.publicIssue.body).toContain("mean");
    expect(first.publicIssue.body).not.toContain(stack.triageRepo);
    for (const secret of plantedValues()) expect(first.publicIssue.body).not.toContain(secret);
  });

  it("opens a draft pull request on crashfix/<fp16> whose change really fixes the bug", async () => {
    expect(first.pull.draft).toBe(true);
    expect(first.pull.head).toBe(`crashfix/${first.fixed.fingerprint.slice(0, 16)}`);
    const octokit = createDemoOctokit(stack.apiUrl, stack.token);
    const [owner = "", repo = ""] = stack.publicRepo.split("/");
    const { data: pull } = await octokit.rest.pulls.get({
      owner,
      repo,
      pull_number: first.pull.number,
    });
    expect(pull.body).toContain(`#${first.publicIssue.number}`);
    expect(pull.body).not.toContain(stack.triageRepo);
    const checkout = await mkdtemp(join(workDir, "verify-"));
    const remote = new URL(`${stack.serverUrl}/${stack.publicRepo}.git`);
    remote.username = "x-access-token";
    remote.password = stack.token;
    await execFileAsync("git", ["clone", "-q", "-b", first.pull.head, remote.toString(), checkout]);
    const { stdout } = await execFileAsync(process.execPath, ["--test", "test/"], {
      cwd: checkout,
    });
    expect(stdout).toMatch(/# fail 0/);
  });

  it("stores no planted secret anywhere: GitHub's database, git history, the spool", async () => {
    const stored = await everythingStored(dataDir);
    expect(stored).toContain(first.fixed.fingerprint);
    for (const secret of plantedValues()) expect(stored).not.toContain(secret);
    expect(stored).not.toContain(PLANTED.privateRepo);
  });

  it("run again on the same data: counts grow, and still one public issue and one PR per crash", async () => {
    // A second user: a fresh home and projects, the same stack and data.
    const secondUser = await mkdtemp(join(workDir, "second-user-"));
    const again = await runDemo({
      stack,
      root,
      workDir: secondUser,
      say: (line) => lines.push(line),
    });
    expect(again.fixed.total).toBe(10);
    // A re-run moves no status back: the confirmed, promoted crash with an
    // open PR stays crash:fix-proposed, the others stay crash:new.
    const statuses = (result: DemoResult) =>
      Object.fromEntries(result.triage.map((entry) => [entry.fingerprint, entry.status]));
    expect(statuses(again)).toEqual(statuses(first));
    expect(again.fixed.status).toBe("crash:fix-proposed");
    expect(lines).toContain(
      "      it is already crash:fix-proposed; a confirm never moves a crash back, so it stays there",
    );
    expect(lines).toContain("      ready for auto-fix: none");
    expect(again.publicIssue.number).toBe(first.publicIssue.number);
    expect(again.pull.number).toBe(first.pull.number);
    const octokit = createDemoOctokit(stack.apiUrl, stack.token);
    const triage = await readTriage(octokit, stack.triageRepo);
    expect(triage).toHaveLength(4);
    const [owner = "", repo = ""] = stack.publicRepo.split("/");
    const pulls = await octokit.rest.pulls.list({ owner, repo, state: "all" });
    expect(pulls.data).toHaveLength(1);
  }, 240_000);

  it("counts a crash seen over three days, and its counters comment draws the three days", async () => {
    const day = (back: number) =>
      `${new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10)}T09:00:00Z`;
    for (const [back, times] of [
      [2, 2],
      [1, 1],
      [0, 3],
    ] as const) {
      for (let i = 0; i < times; i += 1) {
        const report = makeReport({
          app: "tally",
          error_class: "RangeError",
          frames: ["median", "runMedian"],
          captured_at: day(back),
        });
        expect((await postReport(stack.ingestUrl, report)).status).toBe(202);
      }
    }
    const octokit = createDemoOctokit(stack.apiUrl, stack.token);
    await vi.waitFor(
      async () => {
        const entry = (await readTriage(octokit, stack.triageRepo)).find(
          (e) => e.topFrame === "median",
        );
        expect(entry?.total).toBe(6);
        chartIssue = entry?.number ?? 0;
      },
      { timeout: 30_000, interval: 300 },
    );
  });

  describe.skipIf(!CHROMIUM)(
    "every page type in headless Chromium (screenshots in test-artifacts/)",
    () => {
      const pages: Array<[string, () => string]> = [
        ["home", () => "/"],
        ["triage-repo", () => `/${stack.triageRepo}`],
        ["triage-issue-with-chart", () => `/${stack.triageRepo}/issues/${chartIssue}`],
        ["triage-issue-fixed", () => `/${stack.triageRepo}/issues/${first.fixed.number}`],
        ["public-issue", () => `/${stack.publicRepo}/issues/${first.publicIssue.number}`],
        ["pull-request", () => `/${stack.publicRepo}/pull/${first.pull.number}`],
        ["actions-runs", () => `/${stack.publicRepo}/actions`],
        ["actions-run", () => `/${stack.publicRepo}/actions/runs/2`],
      ];

      it.each(pages)(
        "renders the %s page: no console error, no literal HTML, every link answers 200",
        async (name, path) => {
          const { page, status, errors } = await openInBrowser(`${stack.serverUrl}${path()}`);
          expect(status).toBe(200);
          const text = (await page.locator("main").textContent()) ?? "";
          for (const literal of [
            "<sub>",
            "</sub>",
            "<details>",
            "<!--",
            "time(s)",
            "1 comments",
            "1 reports",
            "1 projects",
          ]) {
            expect(text).not.toContain(literal);
          }
          const hrefs = await page
            .locator("a[href]")
            .evaluateAll((links) =>
              links.map((link) => (link as unknown as { href: string }).href),
            );
          for (const href of new Set(
            hrefs.filter((h) => h.startsWith(stack.serverUrl)).map((h) => h.split("#")[0] ?? h),
          )) {
            expect([href, (await fetch(href)).status]).toEqual([href, 200]);
          }
          expect(errors).toEqual([]);
          await screenshot(page, `e2e-${name}`);
          await page.close();
        },
      );

      it("draws the chart of the crash seen over three days, and the public issue's footer as small text", async () => {
        const chart = await openInBrowser(
          `${stack.serverUrl}/${stack.triageRepo}/issues/${chartIssue}`,
        );
        await expect(chart.page.locator(".chart .bar").count()).resolves.toBe(3);
        await expect(chart.page.locator(".chart figcaption").textContent()).resolves.toBe(
          "Reports per day (UTC)",
        );
        await chart.page.close();
        const pub = await openInBrowser(
          `${stack.serverUrl}/${stack.publicRepo}/issues/${first.publicIssue.number}`,
        );
        await expect(pub.page.locator(".body sub").textContent()).resolves.toContain(
          "Filed by crashfix",
        );
        await pub.page.close();
      });
    },
  );

  it("marks the crash fixed when a maintainer closes its triage issue as completed (webhook)", async () => {
    const octokit = createDemoOctokit(stack.apiUrl, stack.token);
    const [owner = "", repo = ""] = stack.triageRepo.split("/");
    await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: first.fixed.number,
      state: "closed",
      state_reason: "completed",
    });
    await stack.github.webhooksIdle();
    await expect
      .poll(
        async () =>
          (await readTriage(octokit, stack.triageRepo)).find(
            (candidate) => candidate.number === first.fixed.number,
          )?.status,
        { timeout: 15_000, interval: 200 },
      )
      .toBe("crash:fixed");
  });

  it("narrates every hop for the person watching, the background sends included, with no JSON", () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7])
      expect(lines.some((l) => l.startsWith(`[${n}/7]`))).toBe(true);
    expect(lines).toContain(
      "      1/9 tally avg -> exit 1; report kept on disk; this first run shows the notice and sends nothing",
    );
    expect(lines.some((line) => /sent in the background as tally exited$/.test(line))).toBe(true);
    expect(lines).toContain(
      `      ready for auto-fix: ${first.fixed.fingerprint.slice(0, 12)} (#${first.fixed.number} TypeError in mean)`,
    );
    expect(lines.filter((line) => line.includes('["'))).toEqual([]);
  });
});
