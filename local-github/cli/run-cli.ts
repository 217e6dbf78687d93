import { relative } from "node:path";
import { packageVersion } from "../../command-line/package-version.js";
import { usageErrorText } from "../../command-line/parse-command-line.js";
import { isAddressInUse, portInUseMessage } from "../../command-line/port-option.js";
import { UsageError } from "../../command-line/usage-error.js";
import type { LocalGitHub } from "../start-local-github.js";
import { startLocalGitHub } from "../start-local-github.js";
import { GITHUB_PROGRAM, parseCliArgs, USAGE } from "./parse-cli-args.js";

export type CliIo = {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
};

/**
 * Starts the server for the command line. Returns the exit code for bad flags
 * (2) and a taken port (1), and the running server otherwise; the bin stops it
 * on SIGINT/SIGTERM.
 */
export async function runCli(io: CliIo): Promise<{ exitCode: number; server?: LocalGitHub }> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(io.argv, io.env);
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(usageErrorText(GITHUB_PROGRAM, error).trimEnd());
    return { exitCode: 2 };
  }
  if (args.kind === "help") {
    io.stdout(USAGE);
    return { exitCode: 0 };
  }
  if (args.kind === "version") {
    io.stdout(`crashfix-github ${packageVersion()}`);
    return { exitCode: 0 };
  }
  let server: LocalGitHub;
  try {
    server = await startLocalGitHub({
      port: args.port,
      dataDir: args.dataDir,
      repos: args.repos,
      privateRepos: args.privateRepos,
      responseCache: args.responseCache,
      ...(args.token !== undefined ? { token: args.token } : {}),
      ...(args.webhookUrl !== undefined ? { webhookUrl: args.webhookUrl } : {}),
    });
  } catch (error: unknown) {
    if (!isAddressInUse(error)) throw error;
    io.stderr(
      `crashfix-github: ${portInUseMessage("the local GitHub", "127.0.0.1", args.port, "Pass another --port N (--port 0 picks a free one).")}`,
    );
    return { exitCode: 1 };
  }
  const shown = (path: string) => relative(process.cwd(), path) || ".";
  io.stdout(server.serverUrl);
  io.stderr(
    [
      `crashfix-github: API ${server.apiUrl}`,
      `crashfix-github: App credentials and the personal token in ${shown(server.appCredentialsPath)}`,
      ...args.repos.map(
        (repo) => `crashfix-github: public repo ${repo}, git ${server.gitUrl(repo)}`,
      ),
      ...args.privateRepos.map(
        (repo) => `crashfix-github: private repo ${repo}, git ${server.gitUrl(repo)}`,
      ),
    ].join("\n"),
  );
  return { exitCode: 0, server };
}
