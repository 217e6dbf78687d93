import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import { sendAnswer } from "../ingest/send-answer.js";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

// How long a client that was refused during a shutdown waits before it
// sends again: about what a restart or a rolling update takes.
const RETRY_AFTER_SECONDS = "5";

export type Drain = {
  // Stops taking connections and answers every request from now on with
  // 503 + Retry-After + Connection: close. Resolves once every connection
  // is closed, or after `graceMs` with the rest cut.
  start(graceMs: number): Promise<void>;
};

// Puts a shutdown gate in front of the server's "request" listeners (the
// ones registered so far; add the request log after this, so the 503s are
// logged too).
// Why not http.Server#close alone: since Node 19 it ends idle keep-alive
// connections at once, so a request a client is writing onto one of them at
// that moment, and any request arriving on a busy one afterwards, meets a
// reset, which reads like a crash of the server. A 503 says "not now": the
// client keeps the report and sends it again.
export function gateRequests(http: HttpServer): Drain {
  const listeners = http.listeners("request") as RequestListener[];
  http.removeAllListeners("request");
  let draining = false;
  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!draining) {
      for (const listener of listeners) listener.call(http, req, res);
      return;
    }
    req.resume();
    sendAnswer(res, 503, "the ingest is shutting down: send the report again later", {
      "retry-after": RETRY_AFTER_SECONDS,
      connection: "close",
    });
  });
  return {
    start(graceMs) {
      draining = true;
      return new Promise((resolve) => {
        // A connection ends after its next answer (Connection: close); one
        // idle for the whole grace, or a request still in progress then, is
        // cut (its client retries: no 202, nothing lost).
        const cut = setTimeout(() => {
          http.closeIdleConnections();
          http.closeAllConnections();
        }, graceMs);
        // net.Server#close: stop listening, leave open connections be, and
        // call back once the last one is gone.
        NetServer.prototype.close.call(http, () => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}
