import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../cli/store/write-file-atomic.js";
import { tempFolder } from "../helpers/temp-folders.js";

const sandbox = () => tempFolder("crashfix-atomic-");
const ownerOnly = (path: string) => statSync(path).mode & 0o777;

describe("writeFileAtomic", () => {
  it("creates missing folders owner-only, writes the file 0600 and leaves no temp file", () => {
    const root = sandbox();
    const file = join(root, "a", "b", "report.json");
    writeFileAtomic(file, "{}\n");
    expect(readFileSync(file, "utf8")).toBe("{}\n");
    expect(ownerOnly(file)).toBe(0o600);
    expect(ownerOnly(join(root, "a"))).toBe(0o700);
    expect(ownerOnly(join(root, "a", "b"))).toBe(0o700);
    expect(readdirSync(join(root, "a", "b"))).toEqual(["report.json"]);
  });

  it("replaces an existing file whole, from bytes as well as text", () => {
    const root = sandbox();
    const file = join(root, "cache.bin");
    writeFileAtomic(file, "old");
    writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(root)).toEqual(["cache.bin"]);
  });

  it("fails with the filesystem's error when a folder on the path is a file", () => {
    const root = sandbox();
    writeFileSync(join(root, "blocker"), "x");
    expect(() => writeFileAtomic(join(root, "blocker", "report.json"), "{}")).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(?:EEXIST|ENOTDIR)$/) }),
    );
  });
});
