import { packageVersion } from "../../command-line/package-version.js";
import {
  helpText,
  parseCommandLine,
  usageErrorText,
} from "../../command-line/parse-command-line.js";
import { UsageError } from "../../command-line/usage-error.js";
import { SERVER_COMMANDS, SERVER_PROGRAM, type ServerIo } from "./server-commands.js";

/** Parses the command line and runs one subcommand; the result is the exit code. */
export async function runServerCli(argv: readonly string[], io: ServerIo): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(SERVER_PROGRAM, argv);
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(usageErrorText(SERVER_PROGRAM, error));
    return 2;
  }
  if (parsed.kind === "help") {
    io.stdout(helpText(SERVER_PROGRAM));
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout(`crashfix-server ${packageVersion()}\n`);
    return 0;
  }
  const command = SERVER_COMMANDS.find((candidate) => candidate.name === parsed.command);
  if (!command) throw new Error(`crashfix-server: no handler for ${parsed.command}`);
  return command.run(io, parsed.values, parsed.args);
}
