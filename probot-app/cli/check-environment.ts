import { ConfigError } from "../config/config-error.js";
import { type CrashfixConfig, readEnvConfig } from "../config/read-env-config.js";
import type { ServerIo } from "./server-commands.js";

/** The config, or undefined after printing every problem with what to set. */
export function configOrProblems(io: ServerIo): CrashfixConfig | undefined {
  try {
    return readEnvConfig(io.env);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`crashfix-server: ${error.message}\nEvery variable: crashfix-server --help\n`);
    return undefined;
  }
}

export function checkEnvironment(io: ServerIo): number {
  const config = configOrProblems(io);
  if (!config) return 1;
  const { owner, repo } = config.triageRepo;
  io.stdout(
    [
      "crashfix-server: the environment can start the ingest:",
      `  listen on     ${config.host}:${config.port}${config.port === 0 ? " (a free port)" : ""}`,
      `  GitHub        ${config.githubApiUrl} as App ${config.appId}`,
      `  triage repo   ${owner}/${repo}`,
      `  spool         ${config.spoolDir}`,
      `  admin routes  ${config.adminToken ? "open (CRASHFIX_ADMIN_TOKEN is set)" : "closed (no CRASHFIX_ADMIN_TOKEN)"}`,
      `  Redis         ${config.redisUrl ? "shared with other instances" : "none (one instance)"}`,
      "",
    ].join("\n"),
  );
  return 0;
}
