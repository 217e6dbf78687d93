import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { StackFile } from "../local-stack/stack-file.js";
import { plural } from "../triage/index.js";
import { type CrashSession, crashSampleCli, userEnv } from "./crash-sample-cli.js";
import { acceptedReports, reportsArrivedSince } from "./ingest-stats.js";
import { runNode } from "./run-node.js";

export type UserView = { list: string; show: string; firstStderr: string };

export type UserJourney = {
  session: CrashSession;
  view: UserView;
  /** Reports written on the user's machine (one per failing run). */
  reportsWritten: number;
};

export class DemoError extends Error {
  readonly code = "DEMO_FAILED";
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

async function countReports(projects: string[]): Promise<number> {
  let count = 0;
  for (const project of projects) {
    const names = await readdir(join(project, ".tally", "crash")).catch(() => []);
    count += names.filter((name) => name.endsWith(".json")).length;
  }
  return count;
}

type Listed = { id: string; status: string };

/**
 * Steps 2 to 4: a user's tally fails nine times in three projects; crashfix
 * keeps a scrubbed report of each, sends them in the background from the
 * second run on (the first run shows the notice and sends nothing), and the
 * user looks at them and sends whatever still waits.
 */
export async function runUserJourney(options: {
  stack: StackFile;
  root: string;
  workDir: string;
  say: (line: string) => void;
}): Promise<UserJourney> {
  const { stack, root, say } = options;
  const crashfixBin = join(root, "cli", "dist", "bin", "crashfix.js");

  say("[2/7] a user runs tally in three projects: nine runs fail, in four different ways");
  let before = await acceptedReports(stack);
  const session = await crashSampleCli({
    workDir: options.workDir,
    tallyBin: join(root, "demo", "sample-cli", "bin", "tally.mjs"),
    endpoint: stack.ingestUrl,
    onRun: async (run, index, total) => {
      const arrived = await reportsArrivedSince(stack, before);
      before += arrived;
      const what =
        index === 0
          ? "report kept on disk; this first run shows the notice and sends nothing"
          : arrived > 0
            ? `${plural(arrived, "report")} sent in the background as tally exited`
            : "report kept on disk for a later run to send";
      say(`      ${index + 1}/${total} tally ${run.args[0]} -> exit ${run.exitCode}; ${what}`);
    },
  });
  const reportsWritten = await countReports(session.projects);
  const firstProject = session.projects[0] as string;
  const env = userEnv(session.home, { CRASHFIX_ENDPOINT: stack.ingestUrl });
  const crashfix = (args: string[], cwd: string) =>
    runNode([crashfixBin, "--app", "tally", ...args], { cwd, env });

  say(
    "[3/7] what the user sees: `crashfix crash` and `crash show` (scrubbed, whitelisted fields only)",
  );
  const list = await crashfix(["crash"], firstProject);
  check(list.code === 0, `crash list failed: ${list.stderr}`);
  for (const line of list.stdout.trimEnd().split("\n")) say(`      ${line}`);
  const listed = JSON.parse((await crashfix(["crash", "--json"], firstProject)).stdout) as Listed[];
  const firstId = listed[0]?.id;
  check(firstId, "no local report was written");
  const shown = await crashfix(["crash", "show", firstId], firstProject);
  check(shown.code === 0, `crash show failed: ${shown.stderr}`);
  for (const line of shown.stdout.trimEnd().split("\n")) say(`      ${line}`);

  say("[4/7] the user sends whatever still waits (`crash submit --all`)");
  let waiting = 0;
  for (const project of session.projects) {
    const reports = JSON.parse((await crashfix(["crash", "--json"], project)).stdout) as Listed[];
    const pending = reports.filter((report) => report.status === "pending").length;
    waiting += pending;
    if (pending === 0) continue;
    const submitted = await crashfix(["crash", "submit", "--all"], project);
    check(submitted.code === 0, `crash submit failed: ${submitted.stderr}${submitted.stdout}`);
  }
  say(
    waiting === 0
      ? "      nothing waits: tally already sent every report in the background"
      : `      ${plural(waiting, "report")} waited; crash submit sent ${waiting === 1 ? "it" : "them"}`,
  );
  return {
    session,
    view: { list: list.stdout, show: shown.stdout, firstStderr: session.firstStderr },
    reportsWritten,
  };
}
