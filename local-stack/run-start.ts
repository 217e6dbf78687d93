import { relative } from "node:path";
import { packageVersion } from "../command-line/package-version.js";
import { usageErrorText } from "../command-line/parse-command-line.js";
import { isAddressInUse, portInUseMessage } from "../command-line/port-option.js";
import { UsageError } from "../command-line/usage-error.js";
import { ActivityPrinter } from "./activity-printer.js";
import { parseStartArgs, START_PROGRAM, START_USAGE } from "./parse-start-args.js";
import { type LocalStack, StackStartError, startLocalStack } from "./start-local-stack.js";

export type StartIo = {
  argv: string[];
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM). */
  stopRequested: () => Promise<void>;
};

function banner(stack: LocalStack): string {
  const near = relative(process.cwd(), stack.dataDir) || ".";
  const data = near.startsWith("..") ? stack.dataDir : near;
  const web = stack.serverUrl;
  return [
    "crashfix is running on this machine (no GitHub account, no network).",
    "",
    `  local GitHub    ${web}/   <- open this to see what crashfix files`,
    `  triage repo     ${web}/${stack.triageRepo}   (private: one issue per crash, with counts)`,
    `  public repo     ${web}/${stack.publicRepo}   (promoted crashes and fix pull requests)`,
    `  ingest          ${stack.ingestUrl}/v1/crash`,
    `  data            ${data}/ (kept across restarts)`,
    "",
    "In another terminal:",
    "  npm run demo    the whole journey: crashes, triage issues, a promotion, a fix PR",
    "  npm run crash   one more crash of the sample CLI, sent to this ingest",
    "",
    "What happens is printed below, one line each. Ctrl-C stops both.",
    "",
    "",
  ].join("\n");
}

function portAdvice(error: StackStartError): string {
  const flag = error.part === "github" ? "--github-port" : "--ingest-port";
  return portInUseMessage(
    error.part === "github" ? "the local GitHub" : "the ingest",
    "127.0.0.1",
    error.port,
    `Stop the other one, or pick another port: npm start -- ${flag} N (0 picks a free one).`,
  );
}

/** `npm start`: the local GitHub and the ingest until stopped; the result is the exit code. */
export async function runStart(io: StartIo): Promise<number> {
  let args: ReturnType<typeof parseStartArgs>;
  try {
    args = parseStartArgs(io.argv);
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(usageErrorText(START_PROGRAM, error));
    return 2;
  }
  if (args.kind === "help") {
    io.stdout(`${START_USAGE}\n`);
    return 0;
  }
  if (args.kind === "version") {
    io.stdout(`crashfix local stack ${packageVersion()}\n`);
    return 0;
  }
  const say = args.quiet ? () => undefined : io.stdout;
  say(`starting the local GitHub and the ingest in ${args.dataDir}/ ...\n`);
  let stack: LocalStack | undefined;
  // The spool's depth is read asynchronously; the printer asks once a second
  // and gets the last answer.
  let waiting = 0;
  const printer = new ActivityPrinter({
    write: say,
    pending: () => {
      stack?.ingest.spool.depth().then(
        (depth) => {
          waiting = depth;
        },
        () => {},
      );
      return waiting;
    },
  });
  try {
    stack = await startLocalStack({
      dataDir: args.dataDir,
      githubPort: args.githubPort,
      ingestPort: args.ingestPort,
      triageRepo: args.triageRepo,
      publicRepo: args.publicRepo,
      logLevel: "warn",
      observer: {
        reportAccepted: (report) => printer.report(report),
        githubEvent: (name, payload) => printer.github(name, payload),
      },
    });
  } catch (error: unknown) {
    if (error instanceof StackStartError && isAddressInUse(error)) {
      io.stderr(`npm start: ${portAdvice(error)}\n`);
      return 1;
    }
    io.stderr(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (args.quiet) {
    io.stdout(`ready: local GitHub ${stack.serverUrl}/ ingest ${stack.ingestUrl}\n`);
  } else {
    say(banner(stack));
    printer.start();
  }
  await io.stopRequested();
  printer.stop();
  say("\nstopping...\n");
  await stack.close();
  return 0;
}
