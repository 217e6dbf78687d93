import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANTED } from "../../demo/planted-secrets.js";
import { TOKENS } from "../../fixtures/redact/golden-vectors.js";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import {
  createServerlessHandler,
  FLUSH_PATH,
  readEnvConfig,
  type ServerlessHandler,
} from "../../probot-app/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { killBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ADMIN_TOKEN,
  ingestEnv,
  makeReport,
  startGitHub,
  waitFor,
  waitForEmptySpool,
} from "./harness.js";

// Logs are data too (docs/DESIGN.md section 6). The built bin, and the serverless
// handler on Redis, run at trace, the most talkative level, and get every
// planted secret class in every header, the query string and the path of
// every route; afterwards all they printed is searched for each of them.
const BIN = join(import.meta.dirname, "../../lib/probot-app/bin/crashfix-server.js");
const CLIENT_V4 = "203.0.113.77";
const CLIENT_V6 = "2001:db8:4a2f::77";

const secrets: string[] = [
  ...Object.values(TOKENS),
  ...Object.values(PLANTED),
  ADMIN_TOKEN,
  "correct-horse-battery-staple-cookie",
];

const ROUTES: Array<[method: string, path: string]> = [
  ["POST", "/v1/crash"],
  ["GET", "/v1/crash/stats"],
  ["POST", "/v1/crash/promote"],
  ["POST", "/v1/crash/forget"],
  ["GET", "/healthz"],
  ["POST", "/api/github/webhooks"],
  ["GET", "/ping"],
  ["GET", "/no/such/route"],
];

function headersWith(secret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    authorization: `Bearer ${secret}`,
    "proxy-authorization": `Basic ${Buffer.from(`u:${secret}`).toString("base64")}`,
    cookie: `session=${secret}; theme=dark`,
    "x-api-key": secret,
    "user-agent": `crash-client/1.0 (${secret})`,
    referer: `https://example.org/?token=${secret}`,
    "x-forwarded-for": `${CLIENT_V4}, ${CLIENT_V6}`,
    "x-real-ip": CLIENT_V4,
    forwarded: `for=${CLIENT_V4};proto=https`,
    "x-request-id": secret,
    "x-github-delivery": secret,
    "x-hub-signature-256": `sha256=${secret}`,
    "x-custom-secret": secret,
  };
}

function send(url: string, method: string, path: string, headers: Record<string, string>) {
  const body = method === "POST" ? JSON.stringify(makeReport()) : undefined;
  return new Promise<number>((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

// Every route with every secret, then the admin token used as it should be,
// so its own request is logged too.
async function plantEverywhere(url: string, routes = ROUTES): Promise<number[]> {
  const statuses: number[] = [];
  for (const secret of secrets) {
    const query = `?token=${encodeURIComponent(secret)}&api_key=${encodeURIComponent(secret)}`;
    for (const [method, path] of routes) {
      statuses.push(await send(url, method, `${path}${query}`, headersWith(secret)));
    }
    statuses.push(await send(url, "GET", `/v1/crash/${encodeURIComponent(secret)}`, {}));
  }
  statuses.push(
    await send(url, "GET", "/v1/crash/stats", { authorization: `Bearer ${ADMIN_TOKEN}` }),
  );
  return statuses;
}

function expectNoLeaks(run: () => { output: string; statuses: number[] }) {
  it("logged the requests it served", () => {
    const { output, statuses } = run();
    expect(statuses).toContain(202);
    expect(statuses.at(-1)).toBe(200);
    expect(output).toContain('"route":"/v1/crash"');
    expect(output).toContain('"route":"(other)"');
    expect(output).toMatch(/"status":202,"ms":[0-9.]+,"msg":"request"/);
  });

  it.each(secrets.map((secret) => [secret.slice(0, 12), secret]))(
    "never contain the planted secret %s…",
    (_name, secret) => {
      const { output } = run();
      expect(output).not.toContain(secret);
      expect(output).not.toContain(encodeURIComponent(secret));
    },
  );

  it.each([
    ["the client's IPv4 address", CLIENT_V4],
    ["the client's IPv6 address", CLIENT_V6],
    ["a remote address field", "remoteAddress"],
    ["a remote port field", "remotePort"],
    ["a headers field", '"headers"'],
    ["a query string", "?token="],
    ["a cookie", "session="],
    ["a user agent", "crash-client/1.0"],
  ])("never contain %s", (_name, text) => {
    const { output } = run();
    expect(output).not.toContain(text);
  });
}

let gh: LocalGitHub;

beforeAll(async () => {
  gh = await startGitHub();
});

afterAll(async () => {
  await gh?.close();
});

describe("the ingest's logs, at trace level", () => {
  let output = "";
  let statuses: number[] = [];
  // Stopped in beforeAll once it has flushed; killed here if that failed first.
  let ingest: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
    const port = await pickPort("127.0.0.1");
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        ...ingestEnv(gh, { PORT: String(port), LOG_LEVEL: "trace", CRASHFIX_TRUST_PROXY: "true" }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    ingest = child;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await waitFor("the ingest to listen", () =>
      output.includes("listening on") ? true : undefined,
    );
    statuses = await plantEverywhere(url);
    // Stop once the worker has flushed everything, so its GitHub calls are in the log too.
    await waitForEmptySpool(url);
    child.kill("SIGTERM");
    await exited;
  }, 120_000);
  afterAll(() => killBin(ingest));

  expectNoLeaks(() => ({ output, statuses }));
});

describeWithRedis("the serverless handler's logs on Redis, at trace level", () => {
  let redis: RedisServer;
  let handler: ServerlessHandler;
  let server: Server;
  const lines: string[] = [];
  let statuses: number[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = readEnvConfig(
      ingestEnv(gh, { CRASHFIX_REDIS_URL: redis.url, CRASHFIX_TRUST_PROXY: "true" }),
    );
    handler = await createServerlessHandler(config, { log: pino({ level: "trace" }, sink) });
    server = createServer((req, res) => void handler.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    // The scheduled flush route too, so its GitHub calls are logged at trace.
    statuses = await plantEverywhere(`http://127.0.0.1:${port}`, [...ROUTES, ["POST", FLUSH_PATH]]);
    await send(`http://127.0.0.1:${port}`, "POST", FLUSH_PATH, {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await handler?.close();
    await redis?.stop();
  });

  expectNoLeaks(() => ({ output: lines.join(""), statuses }));
});
