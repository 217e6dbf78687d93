import { parseArgs } from "node:util";

export class StartUsageError extends Error {
  readonly code = "USAGE";
}

export const START_USAGE = `usage: npm start -- [--data DIR] [--github-port N] [--ingest-port N]

Starts the local GitHub and the crashfix ingest on 127.0.0.1.
  --data DIR         where both keep their state (default: .crashfix-local)
  --github-port N    the local GitHub's port (default: 3700; 0 picks a free one)
  --ingest-port N    the ingest's port (default: 3701; 0 picks a free one)`;

export type StartArgs = { dataDir: string; githubPort: number; ingestPort: number; help: boolean };

function port(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new StartUsageError(`${flag} takes a port number from 0 to 65535, not "${value}"`);
  }
  return Number(value);
}

export function parseStartArgs(argv: string[]): StartArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: "string" },
        "github-port": { type: "string" },
        "ingest-port": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error: unknown) {
    throw new StartUsageError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const data = values.data;
  if (data === "") throw new StartUsageError("--data needs a folder");
  return {
    dataDir: typeof data === "string" ? data : ".crashfix-local",
    githubPort: port("--github-port", values["github-port"] as string | undefined, 3700),
    ingestPort: port("--ingest-port", values["ingest-port"] as string | undefined, 3701),
    help: values.help === true,
  };
}
