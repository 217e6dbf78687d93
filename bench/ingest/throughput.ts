// Reports/s and latency of POST /v1/crash for one instance: as fast as 32
// connections can send (the closed loop: its p99 is mostly queueing, since
// each connection waits for its answer), and at a fixed offered rate (the
// target's; autocannon corrects for coordinated omission), beside the HTTP
// stack's own figures (GET /healthz on the same server).
import type { RedisServer } from "../../fixtures/redis-server.js";
import { cannon, crashLoad } from "./crash-load.js";
import { freshRedis, ingestStats, startGitHub, startIngest, stopIngest } from "./processes.js";

type Latency = { rate: number; p50: number; p99: number; max: number };

export type Throughput = Latency & {
  // Ingest CPU per accepted report, and per healthz request, in µs.
  cpu: number;
  peer: number;
  peerP99: number;
  atRate: Latency;
};

const latencyOf = (result: Awaited<ReturnType<typeof cannon>>): Latency => {
  if (result.non2xx + result.errors + result.timeouts > 0) {
    console.log(
      `  (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
    );
  }
  return {
    rate: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
};

export async function throughput(
  redis: RedisServer | undefined,
  env: Record<string, string>,
  targetRate: number,
  seconds: number,
): Promise<Throughput> {
  await freshRedis(redis, env);
  const gh = await startGitHub();
  const ingest = await startIngest(gh, { CRASHFIX_FLUSH_INTERVAL_MS: "1000", ...env });
  await crashLoad(ingest.url, 10, { duration: Math.max(1, Math.round(seconds / 5)) }); // warm-up
  const cpu = async () => {
    const { cpuMicros } = await ingestStats(ingest.url);
    return cpuMicros.user + cpuMicros.system;
  };
  const cpu0 = await cpu();
  const peer = await cannon({
    url: `${ingest.url}/healthz`,
    connections: 32,
    duration: Math.max(1, Math.round(seconds / 2)),
  });
  const cpu1 = await cpu();
  const atRate = await crashLoad(ingest.url, 10, { duration: seconds, overallRate: targetRate });
  const closed = await crashLoad(ingest.url, 10, { duration: seconds });
  const cpu3 = await cpu();
  await stopIngest(ingest);
  await gh.close();
  const accepted = atRate["2xx"] + closed["2xx"];
  return {
    ...latencyOf(closed),
    cpu: (cpu3 - cpu1) / accepted,
    peer: (cpu1 - cpu0) / peer["2xx"],
    peerP99: peer.latency.p99,
    atRate: latencyOf(atRate),
  };
}
