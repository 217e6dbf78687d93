import type { ServerResponse } from "node:http";

// Short plain-text answers; never an echo of the input.
export function sendAnswer(
  res: ServerResponse,
  status: number,
  reason?: string,
  headers: Record<string, string> = {},
): void {
  const body = reason === undefined ? "" : `${reason}\n`;
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = `${JSON.stringify(value)}\n`;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
  });
  res.end(body);
}
