import {
  helpText,
  type ProgramSpec,
  parseCommandLine,
} from "../command-line/parse-command-line.js";
import { parsePortOption } from "../command-line/port-option.js";
import { UsageError } from "../command-line/usage-error.js";

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
  | { kind: "start"; dataDir: string; githubPort: number; ingestPort: number; quiet: boolean };

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
    quiet: values.quiet === true,
  };
}

export { UsageError as StartUsageError };
