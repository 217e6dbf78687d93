import { appendFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readChecksumLog } from "../../probot-app/spool/checksum-log.js";
import { Ledger } from "../../probot-app/spool/ledger.js";
import { SpoolLog } from "../../probot-app/spool/spool-log.js";
import { tempFolder } from "../helpers/temp-folders.js";

const tempDir = () => tempFolder("crashfix-spool-");
const record = (id: string) => ({ id, receivedAt: 1, report: { fingerprint: "f", n: id } });

describe("spool log", () => {
  it("reads back every appended report after a reopen", async () => {
    const dir = tempDir();
    const { spool } = await SpoolLog.open(dir);
    await Promise.all(["a", "b", "c"].map((id) => spool.append(record(id))));
    expect(spool.depth).toBe(3);
    await spool.close();
    const reopened = await SpoolLog.open(dir);
    expect(reopened.entries.map((entry) => entry.id).sort()).toEqual(["a", "b", "c"]);
    expect(reopened.spool.depth).toBe(3);
    await reopened.spool.close();
  });

  it("skips a torn last line and a line whose checksum does not match", async () => {
    const dir = tempDir();
    const { spool } = await SpoolLog.open(dir);
    await spool.append(record("good"));
    await spool.close();
    const segment = readdirSync(dir).find((name) => name.startsWith("segment-")) ?? "";
    appendFileSync(join(dir, segment), '00000000 {"id":"forged","receivedAt":1}\n');
    appendFileSync(join(dir, segment), '1234abcd {"id":"torn","rec');
    const reopened = await SpoolLog.open(dir);
    expect(reopened.entries.map((entry) => entry.id)).toEqual(["good"]);
    expect(reopened.spool.damaged).toBe(2);
    await reopened.spool.close();
  });

  it("deletes a segment once every report in it is released", async () => {
    const dir = tempDir();
    const { spool } = await SpoolLog.open(dir, { maxSegmentBytes: 200 });
    const entries = [];
    for (const id of ["a", "b", "c", "d"]) entries.push(await spool.append(record(id)));
    const segments = () => readdirSync(dir).filter((name) => name.startsWith("segment-")).length;
    expect(segments()).toBeGreaterThan(1);
    spool.release(entries);
    await spool.rotateIfIdle();
    expect(spool.depth).toBe(0);
    expect(segments()).toBe(1);
    await spool.close();
    const reopened = await SpoolLog.open(dir);
    expect(reopened.entries).toEqual([]);
    await reopened.spool.close();
  });

  it("moves pending reports out of old segments so those can be deleted", async () => {
    const dir = tempDir();
    const { spool } = await SpoolLog.open(dir, { maxSegmentBytes: 60 });
    const a = await spool.append(record("a"));
    const b = await spool.append(record("b"));
    const c = await spool.append(record("c"));
    spool.release([a, c]);
    const [moved] = await spool.relocate([b]);
    expect(moved?.segment).not.toBe(b.segment);
    await spool.close();
    const reopened = await SpoolLog.open(dir);
    expect(reopened.entries.map((entry) => entry.id)).toEqual(["b"]);
    await reopened.spool.close();
  });
});

describe("checksum log reader", () => {
  it("returns nothing for a missing file and skips blank and garbage lines", () => {
    const dir = tempDir();
    expect(readChecksumLog(join(dir, "none.log"))).toEqual({ records: [], damaged: 0 });
    writeFileSync(join(dir, "x.log"), "\n\nnot a line\n");
    expect(readChecksumLog(join(dir, "x.log"))).toEqual({ records: [], damaged: 1 });
  });
});

describe("ledger", () => {
  it("remembers counted ids and open batches across a reopen", async () => {
    const dir = tempDir();
    const ledger = await Ledger.open(dir);
    await ledger.begin({ batchId: "b1", fingerprint: "f1", ids: ["r1", "r2"] });
    await ledger.done("b1");
    await ledger.begin({ batchId: "b2", fingerprint: "f2", ids: ["r3"] });
    await ledger.close();
    const reopened = await Ledger.open(dir);
    expect(reopened.isCounted("r1")).toBe(true);
    expect(reopened.isCounted("r3")).toBe(false);
    expect(reopened.openBatches()).toEqual([{ batchId: "b2", fingerprint: "f2", ids: ["r3"] }]);
    await reopened.close();
  });

  it("keeps the most recent ids and every open batch when it compacts", async () => {
    const dir = tempDir();
    const ledger = await Ledger.open(dir, { maxIds: 4 });
    for (let i = 0; i < 3; i += 1) {
      await ledger.begin({ batchId: `b${i}`, fingerprint: "f", ids: [`x${i}`, `y${i}`] });
      await ledger.done(`b${i}`);
    }
    await ledger.begin({ batchId: "open", fingerprint: "f", ids: ["z"] });
    expect(ledger.needsCompaction).toBe(true);
    await ledger.compact();
    await ledger.close();
    const reopened = await Ledger.open(dir, { maxIds: 4 });
    expect(reopened.countedSize).toBe(2);
    expect(reopened.isCounted("y2")).toBe(true);
    expect(reopened.isCounted("x0")).toBe(false);
    expect(reopened.openBatches().map((batch) => batch.batchId)).toEqual(["open"]);
    await reopened.close();
  });

  it("forgets a fingerprint's counted ids, and still after a reopen and a compaction", async () => {
    const dir = tempDir();
    const ledger = await Ledger.open(dir, { maxIds: 10 });
    await ledger.begin({ batchId: "b1", fingerprint: "f1", ids: ["a", "b"] });
    await ledger.done("b1");
    await ledger.begin({ batchId: "b2", fingerprint: "f2", ids: ["c"] });
    await ledger.done("b2");
    expect(await ledger.forget("f1")).toBe(2);
    expect(await ledger.forget("f1")).toBe(0);
    expect([ledger.isCounted("a"), ledger.isCounted("c")]).toEqual([false, true]);
    await ledger.close();
    const reopened = await Ledger.open(dir, { maxIds: 10 });
    expect([reopened.isCounted("a"), reopened.isCounted("c")]).toEqual([false, true]);
    await reopened.compact();
    await reopened.close();
    const compacted = await Ledger.open(dir, { maxIds: 10 });
    expect(compacted.isCounted("c")).toBe(true);
    expect(await compacted.forget("f2")).toBe(1);
    expect(compacted.isCounted("c")).toBe(false);
    await compacted.close();
  });
});
