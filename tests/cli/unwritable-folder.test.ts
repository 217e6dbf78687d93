import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCaptureFailure } from "../../cli/notice/format-capture-failure.js";
import { unwritableFolder } from "../../cli/store/unwritable-folder.js";
import { tempFolder } from "../helpers/temp-folders.js";

const project = () => tempFolder("crashfix-unwritable-");
// root writes in any folder whatever its mode: there is nothing to find.
const asRoot = process.getuid?.() === 0;
if (asRoot) {
  process.stderr.write(
    "skipping the test of a folder crashfix may not write in: running as root, which writes in any folder\n",
  );
}

describe("unwritableFolder", () => {
  it("finds nothing where the folders are missing below a writable one: a capture makes them", () => {
    expect(unwritableFolder(join(project(), ".loki", "crash"))).toBeUndefined();
  });

  it.each([[".loki"], [join(".loki", "crash")]])(
    "names %s when it is a file where a folder should be, with the fix",
    (file) => {
      const dir = project();
      if (file !== ".loki") mkdirSync(join(dir, ".loki"));
      writeFileSync(join(dir, file), "the host's own file\n");
      expect(unwritableFolder(join(dir, ".loki", "crash", "outbox"))).toEqual({
        path: join(dir, file),
        problem: "is a file, not a folder",
        fix: "move or rename that file so crashfix can make the folder",
      });
    },
  );

  it.skipIf(asRoot)("names a folder it may not write in, in our words", () => {
    const dir = project();
    const folder = join(dir, ".loki");
    mkdirSync(folder);
    chmodSync(folder, 0o500);
    try {
      expect(unwritableFolder(join(folder, "crash"))).toEqual({
        path: folder,
        problem: "cannot be written (permission denied)",
        fix: "make it writable for your user",
      });
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});

describe("the line a failed capture prints", () => {
  const line = (outboxDir: string, code: string, command: string | undefined) =>
    formatCaptureFailure({ displayName: "Loki Mode", command, code, outboxDir, cwd: project() });

  it("says the folder's problem, with the path from the working directory, and names doctor", () => {
    const dir = project();
    writeFileSync(join(dir, ".loki"), "");
    expect(
      formatCaptureFailure({
        displayName: "Loki Mode",
        command: "loki",
        code: "ENOTDIR",
        outboxDir: join(dir, ".loki", "crash", "outbox"),
        cwd: dir,
      }),
    ).toBe(
      "Loki Mode: a crash report could not be saved: .loki is a file, not a folder; details: loki crash doctor\n",
    );
  });

  it("names a failure the folder did not cause, in our words where we have them, and no doctor, which could not explain it", () => {
    const outboxDir = join(project(), ".loki", "crash", "outbox");
    expect(line(outboxDir, "ENOSPC", "loki")).toBe(
      "Loki Mode: a crash report could not be saved: the disk is full\n",
    );
    expect(line(outboxDir, "REPORT_INVALID", "loki")).toBe(
      "Loki Mode: a crash report could not be saved (REPORT_INVALID)\n",
    );
  });

  it("names no command where none exists", () => {
    const dir = project();
    writeFileSync(join(dir, ".loki"), "");
    const said = line(join(dir, ".loki", "crash"), "ENOTDIR", undefined);
    expect(said).toMatch(/\.loki is a file, not a folder\n$/);
    expect(said).not.toContain("doctor");
  });
});
