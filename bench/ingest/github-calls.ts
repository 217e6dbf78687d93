// GitHub calls for 10,000 reports spread over one or more instances, as the
// local GitHub counted them (installation token requests included), and
// whether the counters came out exact.
import type { RedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { parseCountersComment } from "../../triage/index.js";
import { crashLoad } from "./crash-load.js";
import {
  freshRedis,
  ingestStats,
  REPO,
  startGitHub,
  startIngest,
  stopIngest,
} from "./processes.js";

export type Calls = {
  accepted: number;
  calls: number;
  writes: number;
  edits: number;
  exactMs: number;
  exact: boolean;
};

async function triageSum(gh: LocalGitHub): Promise<{ issues: number; sum: number }> {
  const headers = { authorization: `token ${gh.token}` };
  let sum = 0;
  let issues = 0;
  for (let page = 1; ; page += 1) {
    const res = await fetch(
      `${gh.apiUrl}/repos/${REPO}/issues?state=all&labels=crashfix&per_page=100&page=${page}`,
      { headers },
    );
    const list = (await res.json()) as { number: number }[];
    for (const issue of list) {
      issues += 1;
      const comments = (await (
        await fetch(`${gh.apiUrl}/repos/${REPO}/issues/${issue.number}/comments`, { headers })
      ).json()) as { body: string }[];
      for (const comment of comments) sum += parseCountersComment(comment.body)?.total ?? 0;
    }
    if (list.length < 100) return { issues, sum };
  }
}

// 10,000 reports over `bugs` fingerprints, spread evenly over `instances`
// instances, and the time from the last report to exact counters.
export async function callsPer10k(
  redis: RedisServer | undefined,
  bugs: number,
  instances: number,
  env: Record<string, string>,
): Promise<Calls> {
  await freshRedis(redis, env);
  const gh = await startGitHub();
  const ingests = await Promise.all(Array.from({ length: instances }, () => startIngest(gh, env)));
  const before = gh.stats();
  const share = (i: number) => Math.floor(10_000 / instances) + (i < 10_000 % instances ? 1 : 0);
  const loads = await Promise.all(
    ingests.map((ingest, i) =>
      crashLoad(ingest.url, bugs, { amount: share(i), connections: Math.ceil(16 / instances) }),
    ),
  );
  const accepted = loads.reduce((sum, load) => sum + load["2xx"], 0);
  const lastReport = Date.now();
  while ((await ingestStats(ingests[0]?.url ?? "")).spoolDepth > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exactMs = Date.now() - lastReport;
  // Before the check below, which reads GitHub too.
  const after = gh.stats();
  const counts = await triageSum(gh);
  const total = (snapshot: typeof after) =>
    Object.values(snapshot.requests).reduce((a, b) => a + b, 0);
  const edits = (await Promise.all(ingests.map((ingest) => ingestStats(ingest.url)))).reduce(
    (sum, s) => sum + (s.counters.counter_edits ?? 0),
    0,
  );
  const exact = counts.sum === 10_000 && counts.issues === bugs;
  if (!exact) {
    // What went wrong, for whoever reads the run.
    const routes = Object.entries(after.requests).map(([route, n]) => `${route} ${n}`);
    console.log(
      `  not exact: ${JSON.stringify(counts)}; statuses ${JSON.stringify(after.statuses)}`,
    );
    console.log(`  routes: ${routes.join("; ")}`);
    for (const ingest of ingests)
      console.log(`  ingest: ${JSON.stringify((await ingestStats(ingest.url)).counters)}`);
  }
  for (const ingest of ingests) await stopIngest(ingest);
  await gh.close();
  return {
    accepted,
    calls: total(after) - total(before),
    writes: after.writes - before.writes,
    edits,
    exactMs,
    exact,
  };
}
