import type { IncomingMessage } from "node:http";

// The body POST /v1/crash takes: JSON in UTF-8, as the crashfix client
// sends it (cli/outbox/flush-outbox.ts), and uncompressed. A report is at
// most CRASHFIX_MAX_BODY_BYTES (8 KiB by default), so gzip would save a few
// hundred bytes a report and cost the ingest an inflate per anonymous
// request, with a decompression bomb to guard against.
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export type HeaderProblem = { reason: string; headers: Record<string, string> };

// Why the headers rule the body out (a 415), each case in its own words, or
// undefined when they are right.
export function contentHeaderProblem(req: IncomingMessage): HeaderProblem | undefined {
  const type = req.headers["content-type"];
  if (type === undefined) {
    return { reason: "no Content-Type: send application/json", headers: {} };
  }
  if (!JSON_TYPE.test(type)) {
    return { reason: "Content-Type must be application/json, in UTF-8", headers: {} };
  }
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") {
    return {
      reason: "send the JSON uncompressed, without Content-Encoding",
      // RFC 9110 section 15.5.16: a 415 for a content coding names the
      // codings the server takes in Accept-Encoding.
      headers: { "accept-encoding": "identity" },
    };
  }
  return undefined;
}
