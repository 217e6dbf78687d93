// A real redis-server for the tests that need one: started on a free
// loopback port in a temp directory, stopped (or killed, or restarted on the
// same port and data) by the test. No Redis is mocked.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { tempDir, waitFor } from "./harness.js";

export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

export type RedisServer = {
  url: string;
  port: number;
  dir: string;
  // The test's own client (reconnects after a restart; closed by stop()).
  client(): Redis;
  kill(signal?: NodeJS.Signals): Promise<void>;
  // Starts again on the same port and data directory.
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export async function startRedisServer(
  options: { aof?: boolean; appendfsync?: "always" | "everysec"; maxmemory?: string } = {},
): Promise<RedisServer> {
  const port = await pickPort("127.0.0.1");
  const dir = tempDir("redis");
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.aof ? "yes" : "no",
    "--appendfsync",
    options.appendfsync ?? "everysec",
    ...(options.maxmemory ? ["--maxmemory", options.maxmemory] : []),
  ];
  const url = `redis://127.0.0.1:${port}`;
  let client: Redis | undefined;
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn("redis-server", args, { stdio: "ignore" });
    await waitFor("redis-server to answer", async () => {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
      probe.on("error", () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === "PONG" ? true : undefined;
      } catch {
        return undefined;
      } finally {
        probe.disconnect();
      }
    });
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url,
    port,
    dir,
    client() {
      if (!client) {
        client = new Redis(url, { maxRetriesPerRequest: 3 });
        client.on("error", () => {});
      }
      return client;
    },
    kill,
    restart: launch,
    async stop() {
      client?.disconnect();
      await kill("SIGKILL");
    },
  };
}
