// What a flush failure's log line says of the GitHub request that failed:
// the status GitHub answered, or, when no answer came back, the network
// error's code, never the 500 Octokit makes up for it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "@octokit/request";
import { describe, expect, it } from "vitest";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { githubFailure } from "../../probot-app/worker/github-failure.js";

const failureOf = (url: string) =>
  request("GET /repos/{owner}/{repo}", { baseUrl: url, owner: "acme", repo: "triage" }).then(
    () => {
      throw new Error("the request succeeded");
    },
    (error: unknown) => error,
  );

describe("githubFailure", () => {
  it("names the network error's code, and no status, when nothing answered", async () => {
    const port = await pickPort("127.0.0.1");
    const error = await failureOf(`http://127.0.0.1:${port}`);
    // What Octokit reports: a made-up 500.
    expect(error).toMatchObject({ status: 500 });
    expect(githubFailure(error)).toEqual({ code: "ECONNREFUSED" });
  });

  it("names the status GitHub answered", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end('{"message":"Bad Gateway"}');
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const { port } = server.address() as AddressInfo;
      expect(githubFailure(await failureOf(`http://127.0.0.1:${port}`))).toEqual({ status: 502 });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
