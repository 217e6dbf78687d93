import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub, LocalGitHubOptions } from "../../local-github/index.js";
import {
  LocalGitHubError,
  readAppCredentials,
  startLocalGitHub,
} from "../../local-github/index.js";
import { startTestGitHub, tempDir } from "./helpers.js";

let gh: LocalGitHub;
beforeAll(async () => {
  gh = await startTestGitHub();
});
afterAll(async () => {
  await gh?.close();
});

describe("options and controls are parsed at the edge", () => {
  it.each([
    ["a repository without an owner", { repos: ["triage"] }, /repos\[0\]/],
    ["a repository ending in .git", { repos: ["acme/triage.git"] }, /\.git/],
    ["a host other than loopback", { host: "0.0.0.0" }, /host/],
    ["a negative port", { port: -1 }, /port/],
    ["a short token", { token: "abc" }, /token/],
    ["an unknown option", { colour: "red" }, /colour|Unrecognized/],
    ["a fault share above 1", { faults: [{ rate: 1.5, status: 500 }] }, /faults\[0\]\.rate/],
    ["a fault status that is not a 5xx", { faults: [{ status: 404 }] }, /faults\[0\]\.status/],
    ["a negative primary limit", { limits: { primary: { limit: -1 } } }, /limits\.primary\.limit/],
  ])("refuses %s with INVALID_OPTIONS naming the field", async (_name, extra, message) => {
    const options = { dataDir: await tempDir(), ...extra } as unknown as LocalGitHubOptions;
    const attempt = startLocalGitHub(options);
    await expect(attempt).rejects.toThrow(LocalGitHubError);
    await expect(attempt).rejects.toMatchObject({ code: "INVALID_OPTIONS", message });
  });

  it("refuses a port that is in use with LISTEN_FAILED", async () => {
    const port = Number(new URL(gh.serverUrl).port);
    await expect(startLocalGitHub({ dataDir: await tempDir(), port })).rejects.toMatchObject({
      code: "LISTEN_FAILED",
    });
  });

  it("creates a data dir that does not exist yet, as --data promises", async () => {
    const dataDir = join(await tempDir(), "nested", "data");
    const fresh = await startLocalGitHub({ dataDir });
    try {
      expect(readAppCredentials(dataDir).appId).toBe(fresh.app.appId);
    } finally {
      await fresh.close();
    }
  });

  it("refuses a data dir that cannot be created with DATA_DIR", async () => {
    const blocker = join(await tempDir(), "a-file");
    await writeFile(blocker, "not a folder");
    await expect(startLocalGitHub({ dataDir: join(blocker, "data") })).rejects.toMatchObject({
      code: "DATA_DIR",
      message: /cannot create the data directory/,
    });
  });

  // procfs answers ENOENT for a folder it cannot hold under one that exists,
  // where Node's recursive mkdir retries forever (cli/store/make-folder.ts).
  it.skipIf(!existsSync("/proc/self"))(
    "refuses a data dir under /proc with DATA_DIR, where Node's own mkdir spun forever",
    async () => {
      await expect(
        startLocalGitHub({ dataDir: "/proc/crashfix-no-such/data" }),
      ).rejects.toMatchObject({
        code: "DATA_DIR",
        message: /cannot create the data directory/,
      });
    },
  );

  it("refuses a data dir whose App credentials are corrupt, saying how to fix it", async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, "app-credentials.json"), "{ not json");
    await expect(startLocalGitHub({ dataDir })).rejects.toMatchObject({
      code: "DATA_DIR",
      message: /delete it to generate a new App/,
    });
    expect(() => readAppCredentials(join(dataDir, "missing"))).toThrow(/start crashfix-github/);
  });

  it.each([
    ["setFaults", () => gh.setFaults([{ rate: -1 }])],
    ["setLimits", () => gh.setLimits({ secondary: { perMinute: -5 } })],
  ])("refuses bad input to %s with INVALID_OPTIONS", (_name, act) => {
    expect(act).toThrow(LocalGitHubError);
    expect(act).toThrow(/INVALID|rate|perMinute/);
  });

  it("refuses a bad repository name in createRepo", async () => {
    await expect(gh.createRepo("no slash")).rejects.toMatchObject({ code: "INVALID_OPTIONS" });
  });

  it("creates a repository idempotently", async () => {
    await gh.createRepo("acme/twice");
    await gh.createRepo("acme/twice");
    const answer = await fetch(`${gh.apiUrl}/repos/acme/twice`, {
      headers: { authorization: `token ${gh.token}` },
    });
    expect(answer.status).toBe(200);
  });
});
