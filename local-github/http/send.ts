import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";

/** Headers every API answer carries, as GitHub's do. */
export const baseHeaders = {
  "content-type": "application/json; charset=utf-8",
  "x-github-media-type": "github.v3; format=json",
  "x-github-api-version-selected": "2022-11-28",
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
};

export const weakEtag = (text: string): string =>
  `W/"${createHash("sha1").update(text).digest("hex")}"`;

/** True when an If-None-Match header names this ETag (GitHub compares weakly). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch
    .split(",")
    .map((candidate) => candidate.trim().replace(/^W\//, ""))
    .some((candidate) => candidate === bare || candidate === "*");
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string | undefined,
  headers: Record<string, string>,
): void {
  if (text === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}
