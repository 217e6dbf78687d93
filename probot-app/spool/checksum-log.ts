import { closeSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { crc32 } from "node:zlib";

// An append-only file of checksummed lines, "<crc32 hex8> <json>\n", written
// with group commit: every append waiting while a write+fdatasync is in
// flight goes into the next single write+fdatasync. A caller's promise
// resolves only once its line is on disk, so an answer that depends on it
// (the ingest's 202) is never sent for data a crash could lose. A torn last
// line (kill -9, power loss) fails its checksum and is skipped on read.

type Pending = { line: Buffer; resolve: () => void; reject: (error: unknown) => void };

export class SpoolWriteError extends Error {
  readonly code = "SPOOL_WRITE_FAILED";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpoolWriteError";
  }
}

function encodeLine(record: unknown): Buffer {
  const json = JSON.stringify(record);
  const body = Buffer.from(json, "utf8");
  const sum = crc32(body).toString(16).padStart(8, "0");
  return Buffer.concat([Buffer.from(`${sum} `), body, Buffer.from("\n")]);
}

export function readChecksumLog(path: string): { records: unknown[]; damaged: number } {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], damaged: 0 };
    throw error;
  }
  const records: unknown[] = [];
  let damaged = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf(10, start);
    const complete = end >= 0;
    if (!complete) end = text.length;
    const line = text.subarray(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    const body = line.subarray(9);
    const sum = line.subarray(0, 8).toString("latin1");
    if (!complete || line[8] !== 32 || crc32(body).toString(16).padStart(8, "0") !== sum) {
      damaged += 1;
      continue;
    }
    try {
      records.push(JSON.parse(body.toString("utf8")));
    } catch {
      damaged += 1;
    }
  }
  return { records, damaged };
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class ChecksumLogWriter {
  readonly path: string;
  #handle: FileHandle;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #broken: unknown;
  bytes: number;

  private constructor(path: string, handle: FileHandle, bytes: number) {
    this.path = path;
    this.#handle = handle;
    this.bytes = bytes;
  }

  static async open(path: string): Promise<ChecksumLogWriter> {
    const handle = await open(path, "a");
    const { size } = await handle.stat();
    return new ChecksumLogWriter(path, handle, size);
  }

  append(record: unknown): Promise<void> {
    if (this.#broken !== undefined) {
      return Promise.reject(
        new SpoolWriteError(`spool file ${this.path} failed earlier`, { cause: this.#broken }),
      );
    }
    const line = encodeLine(record);
    this.bytes += line.length;
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      try {
        await this.#handle.write(Buffer.concat(batch.map((entry) => entry.line)));
        await this.#handle.datasync();
        for (const entry of batch) entry.resolve();
      } catch (error: unknown) {
        // A failed write may have left half a line: refuse further appends
        // to this file so no good line follows a torn one.
        this.#broken = error;
        const failure = new SpoolWriteError(`cannot write ${this.path}`, { cause: error });
        for (const entry of [...batch, ...this.#queue.splice(0)]) entry.reject(failure);
      }
    }
    this.#draining = undefined;
  }

  get broken(): boolean {
    return this.#broken !== undefined;
  }

  async close(): Promise<void> {
    await this.#draining;
    await this.#handle.close();
  }
}
