// The request log line of a request cut off before it was answered (a
// client gone, or the ingest shutting down): no status, since none was sent;
// the status that was sent when the answer was cut off half-way.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRequestLog } from "../../probot-app/server/request-log.js";
import { capturedLog } from "./captured-log.js";
import { waitFor } from "./harness.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// A server whose handler does `answer` and never ends the response; a
// client that sends one request and hangs up once the handler ran.
async function cutOff(answer: (res: ServerResponse) => void) {
  const { log, lines } = capturedLog();
  let handled = false;
  const server = createServer((_req, res) => {
    answer(res);
    handled = true;
  });
  server.on("request", createRequestLog(log, ["/v1/crash"]));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  close = () => new Promise((done) => server.close(() => done()));
  const { port } = server.address() as AddressInfo;
  const socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  socket.write("GET /v1/crash HTTP/1.1\r\nHost: x\r\n\r\n");
  await waitFor("the handler to run", () => (handled ? true : undefined));
  socket.destroy();
  return waitFor(
    "the request line",
    () => lines.find((line) => line.msg !== "request") ?? undefined,
  );
}

describe("the request log of an aborted request", () => {
  it("names no status when none was sent", async () => {
    const line = await cutOff(() => {});
    expect(line.msg).toBe("request aborted");
    expect(line).not.toHaveProperty("status");
    expect(line).toMatchObject({ method: "GET", route: "/v1/crash" });
  });

  it("names the status that was sent when the answer was cut off", async () => {
    const line = await cutOff((res) => {
      res.writeHead(503, { "content-length": "100" });
      res.write("part");
    });
    expect(line).toMatchObject({ msg: "request aborted", status: 503 });
  });
});
