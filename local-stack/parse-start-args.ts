import {
  helpText,
  type ProgramSpec,
  parseCommandLine,
} from "../command-line/parse-command-line.js";
import { parsePortOption } from "../command-line/port-option.js";
import { UsageError } from "../command-line/usage-error.js";
import { repoFullNameSchema } from "../local-github/options.js";
import { DEFAULT_PUBLIC_REPO, DEFAULT_TRIAGE_REPO } from "./start-local-stack.js";

export const START_PROGRAM: ProgramSpec = {
  name: "npm start",
  helpCommand: "npm start -- --help",
  summary:
    "Starts the local GitHub and the crashfix ingest on 127.0.0.1 and prints what happens: reports accepted, issues filed and counted, promotions, pull requests.",
  commands: [
    {
      name: "start",
      summary: "Serve both until Ctrl-C. Options go after --, e.g. npm start -- --quiet.",
      options: {
        data: {
          type: "string",
          value: "DIR",
          description: "where both keep their state, across restarts (default: .crashfix-local)",
        },
        "github-port": {
          type: "string",
          value: "N",
          description: "the local GitHub's port (default: 3700; 0 picks a free one)",
        },
        "ingest-port": {
          type: "string",
          value: "N",
          description: "the ingest's port (default: 3701; 0 picks a free one)",
        },
        "triage-repo": {
          type: "string",
          value: "OWNER/NAME",
          description: `the private repository crashes are filed in (default: ${DEFAULT_TRIAGE_REPO})`,
        },
        "public-repo": {
          type: "string",
          value: "OWNER/NAME",
          description: `the public repository of promoted crashes and fixes (default: ${DEFAULT_PUBLIC_REPO})`,
        },
        quiet: {
          type: "boolean",
          short: "q",
          description: "print only one line when ready (for scripts); errors still go to stderr",
        },
      },
    },
  ],
  defaultCommand: "start",
};

export const START_USAGE = helpText(START_PROGRAM).trimEnd();

export type StartArgs =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "start";
      dataDir: string;
      githubPort: number;
      ingestPort: number;
      triageRepo: string;
      publicRepo: string;
      quiet: boolean;
    };

/** A repository flag's value, checked as the local GitHub checks a repository's name. */
function repoOption(flag: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  const checked = repoFullNameSchema.safeParse(raw);
  if (!checked.success) {
    const why = checked.error.issues[0]?.message ?? "a repository is named owner/name";
    throw new UsageError(`${flag}: "${raw}" is not a repository name; ${why}`);
  }
  return raw;
}

export function parseStartArgs(argv: string[]): StartArgs {
  const parsed = parseCommandLine(START_PROGRAM, argv);
  if (parsed.kind !== "run") return parsed;
  const { values } = parsed;
  const text = (name: string): string | undefined =>
    typeof values[name] === "string" ? (values[name] as string) : undefined;
  return {
    kind: "start",
    dataDir: text("data") ?? ".crashfix-local",
    githubPort: parsePortOption("--github-port", text("github-port"), 3700),
    ingestPort: parsePortOption("--ingest-port", text("ingest-port"), 3701),
    triageRepo: repoOption("--triage-repo", text("triage-repo"), DEFAULT_TRIAGE_REPO),
    publicRepo: repoOption("--public-repo", text("public-repo"), DEFAULT_PUBLIC_REPO),
    quiet: values.quiet === true,
  };
}

export { UsageError as StartUsageError };
