import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeSandbox, reportFiles, runHost, writeConfig } from "./helpers.js";

describe("many processes crashing at once", () => {
  it("leave one intact report each (20 processes, same bug, same second)", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const results = await Promise.all(Array.from({ length: 20 }, () => runHost(sandbox, "throw")));
    for (const result of results) expect(result.code).toBe(1);

    const files = await reportFiles(sandbox.crashDir);
    const log = await readFile(join(sandbox.crashDir, "capture.log"), "utf8").catch(() => "");
    const quiet = results.filter((r) => !r.stderr.includes("crash show"));
    expect(files, JSON.stringify({ log, quiet })).toHaveLength(20);
    const ids = new Set<string>();
    for (const file of files) {
      const report = JSON.parse(await readFile(join(sandbox.crashDir, file), "utf8"));
      expect(report.error_class).toBe("TypeError");
      ids.add(report.report_id);
    }
    expect(ids.size).toBe(20);
    // No temp files left behind by the atomic writes.
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(sandbox.crashDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  }, 60_000);
});
