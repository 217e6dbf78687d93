import { parseArgs } from "node:util";
import { z } from "zod";
import { repoFullNameSchema, tokenSchema, webhookUrlSchema } from "../options.js";

export const USAGE = `Usage: crashfix-github --port <n> --data <dir> [--repo owner/name]... [--token T] [--webhook-url URL] [--no-cache]

  --port <n>          port on 127.0.0.1 (0 picks a free one)
  --data <dir>        data directory (SQLite store, bare git repos, App credentials)
  --repo owner/name   create this repository if missing (repeatable)
  --token T           personal token for scripts and git (or CRASHFIX_GITHUB_TOKEN)
  --webhook-url URL   POST the App's webhook events (issues, issue_comment, pull_request) here
  --no-cache          render every GET from the store (no response cache)
  --help              show this help`;

/** A command line that cannot be run; the bin prints it with the usage and exits 2. */
export class CliUsageError extends Error {
  readonly code = "USAGE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CliUsageError";
  }
}

export type CliArgs =
  | { help: true }
  | {
      help: false;
      port: number;
      dataDir: string;
      repos: string[];
      token?: string;
      webhookUrl?: string;
      responseCache: boolean;
    };

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, "--port takes a number from 0 to 65535")
  .transform(Number)
  .refine((port) => port <= 65535, "--port takes a number from 0 to 65535");

/** Parses `crashfix-github` flags and the token from `env`; throws CliUsageError on anything ambiguous. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (error: unknown) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (values.help) return { help: true };
  if (values.port === undefined) throw new CliUsageError("missing --port <n>");
  if (values.data === undefined || values.data === "")
    throw new CliUsageError("missing --data <dir>");
  const port = portSchema.safeParse(values.port);
  if (!port.success) throw new CliUsageError(port.error.issues[0]?.message ?? "bad --port");
  const repos: string[] = [];
  const args: Extract<CliArgs, { help: false }> = {
    help: false,
    port: port.data,
    dataDir: values.data,
    repos,
    responseCache: values["no-cache"] !== true,
  };
  for (const repo of values.repo ?? []) {
    const parsed = repoFullNameSchema.safeParse(repo);
    if (!parsed.success) {
      throw new CliUsageError(
        `--repo ${JSON.stringify(repo)}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      );
    }
    repos.push(parsed.data);
  }
  if (values["webhook-url"] !== undefined) {
    const url = webhookUrlSchema.safeParse(values["webhook-url"]);
    if (!url.success)
      throw new CliUsageError(`--webhook-url: ${url.error.issues[0]?.message ?? "invalid"}`);
    args.webhookUrl = url.data;
  }
  const rawToken = values.token ?? env.CRASHFIX_GITHUB_TOKEN;
  if (rawToken !== undefined && rawToken !== "") {
    const token = tokenSchema.safeParse(rawToken);
    if (!token.success) {
      const source = values.token !== undefined ? "--token" : "CRASHFIX_GITHUB_TOKEN";
      throw new CliUsageError(`${source}: ${token.error.issues[0]?.message ?? "invalid"}`);
    }
    args.token = token.data;
  }
  return args;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      data: { type: "string" },
      repo: { type: "string", multiple: true },
      token: { type: "string" },
      "webhook-url": { type: "string" },
      "no-cache": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
