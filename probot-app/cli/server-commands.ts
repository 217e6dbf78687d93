import type {
  CommandSpec,
  OptionValues,
  ProgramSpec,
} from "../../command-line/parse-command-line.js";
import { runForgetCommand } from "../bin/forget-command.js";
import { environmentHelp, variableForOption } from "../config/env-variables.js";
import { checkEnvironment } from "./check-environment.js";
import { runFlushCommand } from "./flush-command.js";
import { serveIngest } from "./serve-ingest.js";

export type ServerIo = {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

/** What a subcommand gets: its parsed options and arguments. Its result is the exit code. */
export type ServerCommand = CommandSpec & {
  run(io: ServerIo, values: OptionValues, args: readonly string[]): Promise<number>;
};

// The subcommands of crashfix-server, one row each. A new subcommand is a new
// row: its name, one line of help, its own options, and what it runs.
export const SERVER_COMMANDS: readonly ServerCommand[] = [
  {
    name: "start",
    summary:
      "Start the ingest (POST /v1/crash, the webhook endpoint, the flush worker) and serve until SIGINT or SIGTERM.",
    options: {},
    run: (io) => serveIngest(io),
  },
  {
    name: "check",
    summary:
      "Read the environment as start would, ask GitHub whether the App can file into the triage repo (and Redis, when set, whether it answers), print what the ingest would run with, and exit (1 when it cannot start or cannot file).",
    options: {},
    run: (io) => checkEnvironment(io),
  },
  {
    name: "forget",
    summary:
      "Ask the running ingest to forget a crash: its triage issue, its counts on the public issue, its waiting reports and report ids (needs CRASHFIX_ADMIN_TOKEN; CRASHFIX_URL or HOST and PORT say where it runs).",
    args: [{ name: "<fingerprint>", required: true }],
    options: {},
    run: (io, _values, args) => runForgetCommand(args, io.env, { out: io.stdout, err: io.stderr }),
  },
  {
    name: "flush",
    summary:
      "Drain the Redis spool once and exit, for a scheduler (cron, a serverless schedule) when no crashfix-server runs all the time (needs CRASHFIX_REDIS_URL).",
    options: {
      once: {
        type: "boolean",
        description: "one drain, then exit (required: a running crashfix-server flushes by itself)",
      },
    },
    run: (io, values) => runFlushCommand(io, values.once === true),
  },
];

export const SERVER_PROGRAM: ProgramSpec = {
  name: "crashfix-server",
  summary:
    "The crashfix ingest: accepts scrubbed crash reports and files them in the private triage repository.",
  commands: SERVER_COMMANDS,
  defaultCommand: "start",
  footer: environmentHelp(),
  unknownOptionHint: variableForOption,
};
