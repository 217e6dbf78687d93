import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCrashNotice } from "../../cli/notice/format-crash-notice.js";
import { under } from "../../cli/path-under.js";
import { removeFile } from "../../cli/store/remove-file.js";
import { enforceCap, reportFileName } from "../../cli/store/save-report.js";
import type { Report } from "../../redact/capture.js";
import { tempFolder } from "../helpers/temp-folders.js";

const sandbox = () => tempFolder("crashfix-folder-");

/** The name a capture gives a report captured `second` seconds after midnight. */
const reportName = (second: number) =>
  reportFileName({
    fingerprint: "0123456789abcdef".repeat(4),
    captured_at: `2026-01-01T00:00:${String(second).padStart(2, "0")}Z`,
    report_id: `0000000${second % 10}`,
  } as Report);

function writeReports(dir: string, first: number, last: number): void {
  for (let second = first; second <= last; second += 1) {
    writeFileSync(join(dir, reportName(second)), "{}");
  }
}

describe("enforceCap", () => {
  it("deletes the oldest reports beyond the cap, with their reason files, and nothing else", () => {
    const dir = sandbox();
    writeReports(dir, 1, 5);
    writeFileSync(join(dir, `${reportName(1)}.reason.txt`), "refused\n");
    writeFileSync(join(dir, "notes.txt"), "not a report");
    enforceCap(dir, 3);
    expect(readdirSync(dir).sort()).toEqual(
      [reportName(3), reportName(4), reportName(5), "notes.txt"].sort(),
    );
  });

  it("deletes names dated in the future first, so a clone's planted names cannot push out a new report", () => {
    const dir = sandbox();
    const planted = [1, 2, 3].map((i) =>
      reportFileName({
        fingerprint: "fedcba9876543210".repeat(4),
        captured_at: `2099-01-01T00:00:0${i}Z`,
        report_id: `1111111${i}`,
      } as Report),
    );
    for (const name of planted) writeFileSync(join(dir, name), "{}");
    writeReports(dir, 1, 2);
    enforceCap(dir, 3, Date.parse("2026-01-01T00:01:00Z"));
    expect(readdirSync(dir).sort()).toEqual([reportName(1), reportName(2), planted[2]].sort());
    // A report dated within the clock's allowance is no planted one: the oldest goes.
    writeReports(dir, 3, 3);
    enforceCap(dir, 3, Date.parse("2098-12-31T23:59:00Z"));
    expect(readdirSync(dir).sort()).toEqual([reportName(2), reportName(3), planted[2]].sort());
  });

  it("leaves a folder at or under its cap as it is, and a missing folder alone", () => {
    const dir = sandbox();
    writeReports(dir, 1, 3);
    enforceCap(dir, 3);
    expect(readdirSync(dir)).toHaveLength(3);
    expect(() => enforceCap(join(dir, "missing"), 3)).not.toThrow();
  });

  it("counts only report names: a file shaped like one (its length, .json) neither counts nor goes", () => {
    const dir = sandbox();
    writeReports(dir, 1, 3);
    const lookalike = "0123456789abcdef-20260101T000000Z-notahexx.json";
    expect(lookalike).toHaveLength(reportName(1).length);
    writeFileSync(join(dir, lookalike), "{}");
    enforceCap(dir, 3);
    expect(readdirSync(dir)).toHaveLength(4);
    writeReports(dir, 4, 4);
    enforceCap(dir, 3);
    expect(readdirSync(dir).sort()).toEqual(
      [lookalike, reportName(2), reportName(3), reportName(4)].sort(),
    );
  });

  it("goes on past a report it cannot delete (here a folder under a report's name)", () => {
    const dir = sandbox();
    mkdirSync(join(dir, reportName(1)));
    writeReports(dir, 2, 4);
    expect(() => enforceCap(dir, 1)).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual([reportName(1), reportName(4)].sort());
  });
});

describe("removeFile", () => {
  it("deletes a file, and never throws for one that is gone or is a folder", () => {
    const dir = sandbox();
    writeFileSync(join(dir, "a"), "x");
    mkdirSync(join(dir, "b"));
    removeFile(join(dir, "a"));
    expect(() => removeFile(join(dir, "a"))).not.toThrow();
    expect(() => removeFile(join(dir, "b"))).not.toThrow();
    expect(readdirSync(dir)).toEqual(["b"]);
  });
});

describe("under", () => {
  it("appends a name to a folder, and to a root that ends in the separator", () => {
    expect(under(`${sep}home${sep}alice`, ".loki")).toBe(`${sep}home${sep}alice${sep}.loki`);
    expect(under(sep, ".loki")).toBe(`${sep}.loki`);
  });
});

describe("the crash notice's report path", () => {
  const notice = (cwd: string, file: string) =>
    formatCrashNotice({
      displayName: "loki",
      command: "loki",
      id: "1a2b3c4d",
      file,
      cwd,
      queued: false,
      hasEndpoint: false,
      backgroundSend: true,
      state: "on",
      ci: true,
    });
  const file = `${sep}work${sep}p${sep}.loki${sep}crash${sep}r.json`;

  it("is relative below the working directory, from a root too", () => {
    expect(notice(`${sep}work${sep}p`, file)).toContain(` ${join(".loki", "crash", "r.json")} `);
    expect(notice(sep, file)).toContain(` ${join("work", "p", ".loki", "crash", "r.json")} `);
  });

  it("is whole outside it, a folder whose name only starts the same included", () => {
    expect(notice(`${sep}work${sep}pp`, file)).toContain(` ${file} `);
    expect(notice(`${sep}work${sep}p${sep}sub`, file)).toContain(` ${file} `);
  });
});
