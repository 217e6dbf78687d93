import { resolve } from "node:path";
import {
  type CommandSpec,
  helpText,
  type ProgramSpec,
  parseCommandLine,
} from "../../command-line/parse-command-line.js";
import { parsePortOption } from "../../command-line/port-option.js";
import { UsageError } from "../../command-line/usage-error.js";
import { repoFullNameSchema, tokenSchema, webhookUrlSchema } from "../options.js";

const SERVE: CommandSpec = {
  name: "serve",
  summary:
    "Serve GitHub's REST API at /api/v3, git at /<owner>/<repo>.git and read-only pages at /, on 127.0.0.1, until SIGINT or SIGTERM.",
  options: {
    port: {
      type: "string",
      value: "N",
      description: "port on 127.0.0.1 (0 picks a free one); required",
    },
    data: {
      type: "string",
      value: "DIR",
      description: "data folder: SQLite store, bare git repositories, App credentials; required",
    },
    repo: {
      type: "string",
      value: "OWNER/NAME",
      multiple: true,
      description: "create this public repository if missing",
    },
    "private-repo": {
      type: "string",
      value: "OWNER/NAME",
      multiple: true,
      description: "create this private repository if missing, or make it private (a triage repo)",
    },
    token: {
      type: "string",
      value: "T",
      description:
        "personal token for scripts and git (or CRASHFIX_GITHUB_TOKEN); kept in the data folder",
    },
    "webhook-url": {
      type: "string",
      value: "URL",
      description: "POST the App's webhook events (issues, issue_comment, pull_request) here",
    },
    "no-cache": {
      type: "boolean",
      description: "render every GET from the store (no response cache)",
    },
  },
};

export const GITHUB_PROGRAM: ProgramSpec = {
  name: "crashfix-github",
  summary: "A GitHub on this machine, for crashfix's local stack and tests.",
  commands: [SERVE],
  defaultCommand: "serve",
  footer:
    "Example: crashfix-github --port 3700 --data .crashfix-github --private-repo acme/triage --repo acme/cli",
};

export const USAGE = helpText(GITHUB_PROGRAM).trimEnd();

export type CliArgs =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "serve";
      port: number;
      dataDir: string;
      repos: string[];
      privateRepos: string[];
      token?: string;
      webhookUrl?: string;
      responseCache: boolean;
    };

function repoList(flag: string, values: unknown): string[] {
  const list = Array.isArray(values) ? (values as string[]) : [];
  return list.map((repo) => {
    const parsed = repoFullNameSchema.safeParse(repo);
    if (!parsed.success) {
      throw new UsageError(`${flag} "${repo}": ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
    return parsed.data;
  });
}

/** Parses `crashfix-github` flags and the token from `env`; throws UsageError on anything ambiguous. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  const parsed = parseCommandLine(GITHUB_PROGRAM, argv);
  if (parsed.kind !== "run") return parsed;
  const { values } = parsed;
  const rawPort = typeof values.port === "string" ? values.port : undefined;
  if (rawPort === undefined) throw new UsageError("missing --port N (0 picks a free port)");
  const data = typeof values.data === "string" ? values.data : undefined;
  if (data === undefined)
    throw new UsageError("missing --data DIR (where the local GitHub keeps its state)");
  const args: Extract<CliArgs, { kind: "serve" }> = {
    kind: "serve",
    port: parsePortOption("--port", rawPort, 0),
    // git runs in other folders: every path it is handed must be absolute.
    dataDir: resolve(data),
    repos: repoList("--repo", values.repo),
    privateRepos: repoList("--private-repo", values["private-repo"]),
    responseCache: values["no-cache"] !== true,
  };
  const both = args.repos.find((repo) => args.privateRepos.includes(repo));
  if (both) throw new UsageError(`${both} is given as both --repo and --private-repo; pick one`);
  if (typeof values["webhook-url"] === "string") {
    const url = webhookUrlSchema.safeParse(values["webhook-url"]);
    if (!url.success) {
      throw new UsageError(`--webhook-url: ${url.error.issues[0]?.message ?? "invalid"}`);
    }
    args.webhookUrl = url.data;
  }
  const flagToken = typeof values.token === "string" ? values.token : undefined;
  const rawToken = flagToken ?? env.CRASHFIX_GITHUB_TOKEN;
  if (rawToken !== undefined && rawToken !== "") {
    const token = tokenSchema.safeParse(rawToken);
    if (!token.success) {
      const source = flagToken !== undefined ? "--token" : "CRASHFIX_GITHUB_TOKEN";
      throw new UsageError(`${source}: ${token.error.issues[0]?.message ?? "invalid"}`);
    }
    args.token = token.data;
  }
  return args;
}
