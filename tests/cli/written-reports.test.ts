import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../cli/config/resolve-paths.js";
import { saveReport } from "../../cli/store/save-report.js";
import {
  recordWrittenReport,
  WRITTEN_REPORTS_MAX_BYTES,
  writtenReports,
} from "../../cli/store/written-reports.js";
import { buildReport } from "../../redact/capture.js";
import { tempFolder } from "../helpers/temp-folders.js";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OTHER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const THIRD_ID = "9b2f1c4e-3d5a-4e6f-8a7b-1c2d3e4f5a6b";

describe("the list of reports this machine wrote", () => {
  it("records a report's id, owner-only, in a folder it makes", () => {
    const file = join(tempFolder("crashfix-written-"), ".loki", "written-reports");
    expect(recordWrittenReport(file, ID)).toBe(true);
    expect(recordWrittenReport(file, OTHER_ID)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(`${ID}\n${OTHER_ID}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(writtenReports(file)).toEqual(new Set([ID, OTHER_ID]));
  });

  it("moves the list aside past its size, looked at by captures whose id starts with 0, and still reads what it moved", () => {
    const file = join(tempFolder("crashfix-written-"), "written-reports");
    recordWrittenReport(file, OTHER_ID);
    appendFileSync(file, `${"x".repeat(WRITTEN_REPORTS_MAX_BYTES)}\n`);
    // An id that starts otherwise appends without a look at the size.
    recordWrittenReport(file, THIRD_ID);
    expect(existsSync(`${file}.1`)).toBe(false);
    recordWrittenReport(file, ID);
    expect(readFileSync(file, "utf8")).toBe(`${ID}\n`);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(writtenReports(file)).toEqual(new Set([ID, OTHER_ID, THIRD_ID]));
  });

  it("skips lines that are not a record (text put there by hand, a cut id)", () => {
    const file = join(tempFolder("crashfix-written-"), "written-reports");
    writeFileSync(
      file,
      [ID, "hello", OTHER_ID.slice(0, 20), `${THIRD_ID.slice(1)}`, ""].join("\n"),
    );
    expect(writtenReports(file)).toEqual(new Set([ID]));
  });

  it("reads nothing, without an error, when there is no list", () => {
    expect(writtenReports(join(tempFolder("crashfix-written-"), "absent"))).toEqual(new Set());
  });

  it("neither hangs nor reads when a FIFO is where the list belongs", () => {
    const root = tempFolder("crashfix-written-");
    const file = join(root, "written-reports");
    execFileSync("mkfifo", [file]);
    expect(recordWrittenReport(file, OTHER_ID)).toBe(false);
    expect(() => writtenReports(file)).toThrow(
      expect.objectContaining({
        code: "WRITTEN_LIST_UNREADABLE",
        message: `cannot read ${file}: it is not a file: move or delete it`,
      }),
    );
  });

  it("keeps a record appended to a line a power cut left half-written", () => {
    const file = join(tempFolder("crashfix-written-"), "written-reports");
    writeFileSync(file, `${OTHER_ID.slice(0, 20)}`);
    recordWrittenReport(file, THIRD_ID);
    expect(writtenReports(file)).toEqual(new Set([THIRD_ID]));
  });

  it("reads only a grown list's end, from a line's start", () => {
    const file = join(tempFolder("crashfix-written-"), "written-reports");
    recordWrittenReport(file, OTHER_ID);
    appendFileSync(file, `${"y".repeat(3 * WRITTEN_REPORTS_MAX_BYTES)}\n`);
    recordWrittenReport(file, THIRD_ID);
    expect(writtenReports(file)).toEqual(new Set([THIRD_ID]));
  });

  it("answers false, without an error, where the list cannot be written", () => {
    const root = tempFolder("crashfix-written-");
    writeFileSync(join(root, "home-is-a-file"), "");
    expect(recordWrittenReport(join(root, "home-is-a-file", "written-reports"), ID)).toBe(false);
  });
});

describe("saveReport and the list", () => {
  const report = buildReport({
    app: "loki",
    appVersion: "1.4.2",
    error: new TypeError("boom"),
    platform: "linux",
    arch: "x64",
    runtime: { node: "20.19.0" },
    reportId: ID,
    now: new Date("2026-12-06T10:00:00Z"),
  });

  it("records the report it saves before it queues it", () => {
    const root = tempFolder("crashfix-written-");
    const paths = resolvePaths({ app: "loki", home: join(root, "home"), cwd: join(root, "p") });
    const saved = saveReport(paths, report, true);
    expect(saved.queued).toBe(true);
    expect(writtenReports(paths.writtenReportsFile)).toEqual(new Set([report.report_id]));
  });

  it("keeps a report it cannot record unqueued: no send would take it", () => {
    const root = tempFolder("crashfix-written-");
    writeFileSync(join(root, "home"), "");
    const paths = resolvePaths({ app: "loki", home: join(root, "home"), cwd: join(root, "p") });
    const saved = saveReport(paths, report, true);
    expect(saved.queued).toBe(false);
    expect(existsSync(saved.file)).toBe(true);
    expect(existsSync(paths.outboxDir)).toBe(false);
  });
});
