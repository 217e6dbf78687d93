import type { LocalGitHub } from "../start-local-github.js";
import { startLocalGitHub } from "../start-local-github.js";
import { CliUsageError, parseCliArgs, USAGE } from "./parse-cli-args.js";

export type CliIo = {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
};

/**
 * Starts the server for the command line. Returns the exit code for bad flags
 * (2) and the running server otherwise; the bin stops it on SIGINT/SIGTERM.
 */
export async function runCli(io: CliIo): Promise<{ exitCode: number; server?: LocalGitHub }> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(io.argv, io.env);
  } catch (error: unknown) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`crashfix-github: ${error.message}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (args.help) {
    io.stdout(USAGE);
    return { exitCode: 0 };
  }
  const server = await startLocalGitHub({
    port: args.port,
    dataDir: args.dataDir,
    repos: args.repos,
    responseCache: args.responseCache,
    ...(args.token !== undefined ? { token: args.token } : {}),
    ...(args.webhookUrl !== undefined ? { webhookUrl: args.webhookUrl } : {}),
  });
  io.stdout(server.serverUrl);
  io.stderr(
    [
      `crashfix-github: API ${server.apiUrl}`,
      `crashfix-github: App credentials in ${server.appCredentialsPath}`,
      ...args.repos.map((repo) => `crashfix-github: git ${server.gitUrl(repo)}`),
    ].join("\n"),
  );
  return { exitCode: 0, server };
}
