import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  hostConfig,
  type Ingest,
  makeSandbox,
  reportFiles,
  runHost,
  sleep,
  startIngest,
  waitFor,
  writeConfig,
} from "./helpers.js";

let ingest: Ingest;
beforeAll(async () => {
  assertBuilt();
  ingest = await startIngest();
});
afterAll(() => ingest.close());

const FIRST_LINE = "Loki Mode auto-creates the issues you hit at github.com/acme/loki";

describe("the first-run disclosure", () => {
  it("is shown once, on stderr, and recorded without touching other lines", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "# keep me\nLOKI_PROVIDER=claude\n");
    const first = await runHost(sandbox, "ok");
    expect(first.stderr).toContain(FIRST_LINE);
    expect(first.stderr).toContain("Turn this off anytime with: loki telemetry off");
    expect(first.stdout).toBe("fine\n");
    expect(await readFile(sandbox.configFile, "utf8")).toBe(
      "# keep me\nLOKI_PROVIDER=claude\nDISCLOSURE_SHOWN=true\n",
    );
    const second = await runHost(sandbox, "ok");
    expect(second.stderr).toBe("");
  });

  it("is shown even when collection is off, and never again after", async () => {
    const sandbox = await makeSandbox();
    const first = await runHost(sandbox, "ok", { env: { DO_NOT_TRACK: "1" } });
    expect(first.stderr).toContain(FIRST_LINE);
    const second = await runHost(sandbox, "ok");
    expect(second.stderr).toBe("");
  });

  it("has no emojis or em dashes", async () => {
    const sandbox = await makeSandbox();
    const first = await runHost(sandbox, "ok");
    expect(first.stderr).not.toMatch(/[\u2014\u{1F300}-\u{1FAFF}]/u);
  });

  it("is not spent on CI", async () => {
    const sandbox = await makeSandbox();
    const ci = await runHost(sandbox, "ok", { env: { CI: "1" } });
    expect(ci.stderr).toBe("");
    const local = await runHost(sandbox, "ok");
    expect(local.stderr).toContain(FIRST_LINE);
  });

  it("comes before anything is sent: the run that shows it sends nothing, a later run does", async () => {
    const sandbox = await makeSandbox();
    const config = hostConfig({ endpoint: ingest.url });
    const before = ingest.requests.length;
    const crash = await runHost(sandbox, "throw", { config });
    expect(crash.stderr).toContain(FIRST_LINE);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    await sleep(300);
    expect(ingest.requests.length).toBe(before);
    await runHost(sandbox, "ok", { config });
    await waitFor(async () => (await reportFiles(sandbox.outboxDir)).length === 0, "the flush");
    expect(ingest.requests.length).toBe(before + 1);
  });

  it("is not shown when the config file cannot be parsed (it could not be recorded)", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "garbage without equals sign\n");
    const result = await runHost(sandbox, "ok");
    expect(result.stderr).toBe("");
    expect(await readFile(sandbox.configFile, "utf8")).toBe("garbage without equals sign\n");
  });
});
