import type { IncomingMessage } from "node:http";
import { ApiError, ClientGoneError } from "../errors.js";

/**
 * Reads a request body up to `maxBytes` and parses it as JSON. Oversize bodies
 * get 413 (checked against content-length first, then while streaming); bodies
 * that are not JSON get GitHub's 400 "Problems parsing JSON"; a client that
 * leaves mid-body throws ClientGoneError.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error: unknown) {
    // Node fails the body's stream with "aborted" (ECONNRESET) when the
    // client closes the connection mid-body: the client's doing, not ours.
    if (req.destroyed && !(error instanceof ApiError)) throw new ClientGoneError({ cause: error });
    throw error;
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError(400, "Problems parsing JSON", {
      docs: "https://docs.github.com/rest/overview/resources-in-the-rest-api#client-errors",
    });
  }
}

const tooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, `Request body is larger than ${maxBytes} bytes`, {
    headers: { connection: "close" },
  });
