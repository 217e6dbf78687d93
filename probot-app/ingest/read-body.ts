import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; status: 408 | 413 | 400; reason: string };

// Reads a request body with the size cap enforced while reading (a lying or
// absent Content-Length cannot make us buffer more) and a deadline for the
// whole body, so a slow sender cannot hold a connection open.
export function readBody(
  req: IncomingMessage,
  options: { maxBytes: number; timeoutMs: number },
): Promise<BodyResult> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > options.maxBytes) {
    return Promise.resolve({ ok: false, status: 413, reason: "body too large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
      // Stop reading the rest of an oversize or slow body; the response
      // sets Connection: close so the socket is not reused.
      if (!result.ok) req.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > options.maxBytes) {
        finish({ ok: false, status: 413, reason: "body too large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, status: 400, reason: "body not received" });
    const timer = setTimeout(
      () => finish({ ok: false, status: 408, reason: "body too slow" }),
      options.timeoutMs,
    );
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
  });
}
