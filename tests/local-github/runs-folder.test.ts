import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listRuns, readRun, recordJob, startRun } from "../../local-github/runs/runs-folder.js";
import { tempDir } from "./helpers.js";

describe("workflow runs recorded in the data folder", () => {
  it("numbers runs per repository, and keeps each job's conclusion and summary", async () => {
    const data = await tempDir();
    const first = await startRun(data, "acme/cli", "crashfix-promote");
    const second = await startRun(data, "acme/cli", "crashfix-autofix");
    expect([first, second, await startRun(data, "acme/other", "x")]).toEqual([1, 2, 1]);
    await recordJob(data, "acme/cli", second, {
      name: "prepare",
      conclusion: "success",
      summary: "### ok",
    });
    await recordJob(data, "acme/cli", second, {
      name: "publish",
      conclusion: "failure",
      summary: "",
    });
    const run = await readRun(data, "ACME", "CLI", second);
    expect(run?.jobs.map((job) => [job.name, job.conclusion])).toEqual([
      ["prepare", "success"],
      ["publish", "failure"],
    ]);
    expect((await listRuns(data, "acme", "cli")).map((item) => item.id)).toEqual([2, 1]);
  });

  it("gives two runners starting at once two ids", async () => {
    const data = await tempDir();
    const ids = await Promise.all([1, 2, 3, 4].map(() => startRun(data, "acme/cli", "w")));
    expect(new Set(ids).size).toBe(4);
  });

  it.each([
    ["a file that is not JSON", "{"],
    ["a run of another shape", JSON.stringify({ id: 1, workflow: "w", jobs: "none" })],
  ])("skips %s instead of failing the page", async (_name, text) => {
    const data = await tempDir();
    await startRun(data, "acme/cli", "w");
    await mkdir(join(data, "actions", "acme", "cli", "2"), { recursive: true });
    await writeFile(join(data, "actions", "acme", "cli", "2", "run.json"), text);
    expect(await readRun(data, "acme", "cli", 2)).toBeUndefined();
    expect((await listRuns(data, "acme", "cli")).map((run) => run.id)).toEqual([1]);
  });

  it("refuses a job for a run that does not exist, and a job of the wrong shape", async () => {
    const data = await tempDir();
    await expect(
      recordJob(data, "acme/cli", 9, { name: "x", conclusion: "success", summary: "" }),
    ).rejects.toThrow(/no run 9 in acme\/cli/);
    const id = await startRun(data, "acme/cli", "w");
    await expect(
      recordJob(data, "acme/cli", id, { name: "", conclusion: "success", summary: "" }),
    ).rejects.toThrow();
  });
});
