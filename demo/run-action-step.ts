import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode } from "./run-node.js";

export type ActionStepResult = {
  code: number | null;
  outputs: Record<string, string>;
  summary: string;
  log: string;
};

export type RunnerContext = {
  /** The committed bundle a runner would load (dist/main/index.js). */
  actionEntry: string;
  serverUrl: string;
  apiUrl: string;
  repository: string;
  runnerTemp: string;
  workspace?: string;
  /** The workflow run this step belongs to (GITHUB_RUN_ID): the run link the action writes. */
  runId?: number;
};

// @actions/core writes outputs as `name<<DELIMITER\nvalue\nDELIMITER` blocks
// (or `name=value` lines from older writers).
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter = ""] = heredoc;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/**
 * Runs one step of the crashfix action the way a GitHub runner does: inputs
 * as INPUT_* variables, outputs and the job summary through files. The
 * environment is built from scratch; only what is passed here goes in.
 */
export async function runActionStep(
  context: RunnerContext,
  inputs: Record<string, string>,
  // What node runs: the action bundle, or (for the fix job's agent step,
  // a run: step) the agent bundle and its plan.
  argv: string[] = [context.actionEntry],
): Promise<ActionStepResult> {
  const files = await mkdtemp(join(tmpdir(), "crashfix-step-"));
  try {
    const outputPath = join(files, "output");
    const summaryPath = join(files, "summary");
    const eventPath = join(files, "event.json");
    await writeFile(outputPath, "");
    await writeFile(summaryPath, "");
    await writeFile(eventPath, JSON.stringify({ schedule: "0 * * * *" }));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: context.runnerTemp,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: "schedule",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_API_URL: context.apiUrl,
      GITHUB_SERVER_URL: context.serverUrl,
      GITHUB_REPOSITORY: context.repository,
      ...(context.runId ? { GITHUB_RUN_ID: String(context.runId) } : {}),
      RUNNER_TEMP: context.runnerTemp,
      ...(context.workspace ? { GITHUB_WORKSPACE: context.workspace } : {}),
    };
    for (const [name, value] of Object.entries(inputs)) {
      env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
    }
    const result = await runNode(argv, {
      cwd: context.workspace ?? context.runnerTemp,
      env,
      timeoutMs: 10 * 60_000,
    });
    return {
      code: result.code,
      outputs: parseOutputFile(await readFile(outputPath, "utf8")),
      summary: await readFile(summaryPath, "utf8"),
      log: result.stdout + result.stderr,
    };
  } finally {
    await rm(files, { recursive: true, force: true });
  }
}
