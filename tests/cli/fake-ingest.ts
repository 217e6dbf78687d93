import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type IngestRequest = {
  /** When it arrived (Date.now()). */
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
};

export type Ingest = {
  url: string;
  requests: IngestRequest[];
  /** Answers in order; the last one repeats. */
  respond: ((res: ServerResponse) => void)[];
  close(): Promise<void>;
};

/** A loopback stand-in for `POST /v1/crash`, scripted per test. */
export async function startIngest(): Promise<Ingest> {
  const requests: IngestRequest[] = [];
  const ingest: Ingest = {
    url: "",
    requests,
    respond: [(res) => res.writeHead(202).end()],
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const index = Math.min(requests.length, ingest.respond.length - 1);
      requests.push({
        at: Date.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
      });
      ingest.respond[index]?.(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  ingest.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = ingest.close;
  ingest.close = async () => {
    server.closeAllConnections();
    await close();
  };
  return ingest;
}
