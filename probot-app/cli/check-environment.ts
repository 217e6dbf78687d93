import type { CrashfixConfig } from "../config/read-env-config.js";
import { checkRedis, type RedisCheck } from "../preflight/check-redis.js";
import { checkTriageRepo, type TriageRepoAccess } from "../preflight/check-triage-repo.js";
import { describeRedisUrl } from "../redis/connect-redis.js";
import { pickPort } from "../server/pick-port.js";
import { listenProblem } from "./listen-problem.js";
import { configOrProblems } from "./read-command-config.js";
import type { ServerIo } from "./server-commands.js";

/**
 * `crashfix-server check`: reads the environment as start does, then asks
 * GitHub (as the App) and Redis (when set) what start would only find out
 * later. 0 when the ingest can start and file reports, 1 otherwise.
 */
export async function checkEnvironment(io: ServerIo): Promise<number> {
  const config = configOrProblems(io);
  if (!config) return 1;
  const [triage, redis, host] = await Promise.all([
    checkTriageRepo(config),
    config.redisUrl ? checkRedis(config.redisUrl, config.redisWait) : undefined,
    hostProblem(config.host, config.port),
  ]);
  const problems = [
    ...(host ? [host] : []),
    ...(triage.ok ? [] : [`${triage.reason}; ${triage.fix}`]),
    ...(redis && !redis.ok ? [redis.problem] : []),
  ];
  io.stdout(summary(config, triage, redis, problems.length === 0));
  for (const problem of problems) io.stderr(`crashfix-server check: ${problem}\n`);
  return problems.length === 0 ? 0 : 1;
}

// Whether this machine can listen on HOST at all (a free port of it): the
// port itself is not tried, since the ingest being checked may hold it.
async function hostProblem(host: string, port: number): Promise<string | undefined> {
  try {
    await pickPort(host);
    return undefined;
  } catch (error: unknown) {
    return listenProblem(error, host, port) ?? `the ingest cannot listen on ${host}:${port}`;
  }
}

function summary(
  config: CrashfixConfig,
  triage: TriageRepoAccess,
  redis: RedisCheck | undefined,
  ok: boolean,
): string {
  const { owner, repo } = config.triageRepo;
  const redisLine = !config.redisUrl
    ? "none (one instance)"
    : `${describeRedisUrl(config.redisUrl)}, ${redis?.ok ? `Redis ${redis.version}, shared with other instances` : "NOT USABLE (below)"}`;
  return [
    ok
      ? "crashfix-server: the environment can start the ingest:"
      : "crashfix-server: the environment cannot run the ingest as set (the problems follow on stderr):",
    `  listen on     ${config.host}:${config.port}${config.port === 0 ? " (a free port)" : ""}`,
    `  GitHub        ${config.githubApiUrl} as App ${config.appId}`,
    `  triage repo   ${owner}/${repo}${triage.ok ? `: private, installation ${triage.installationId}, the App can write issues` : ": NOT USABLE (below)"}`,
    `  spool         ${config.redisUrl ? "in Redis (CRASHFIX_SPOOL_DIR is not used)" : config.spoolDir}`,
    `  admin routes  ${config.adminToken ? "open (CRASHFIX_ADMIN_TOKEN is set)" : "closed (no CRASHFIX_ADMIN_TOKEN)"}`,
    `  Redis         ${redisLine}`,
    "",
  ].join("\n");
}
