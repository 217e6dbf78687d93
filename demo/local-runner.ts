import { recordJob, startRun } from "../local-github/runs/runs-folder.js";
import type { StackFile } from "../local-stack/stack-file.js";
import { type ActionStepResult, type RunnerContext, runActionStep } from "./run-action-step.js";

export type WorkflowRunner = {
  id: number;
  url: string;
  /** Runs one job's step as a runner would, and records its conclusion and summary on the run. */
  job(
    name: string,
    context: Omit<RunnerContext, "runId">,
    inputs: Record<string, string>,
    // What node runs, when not the action bundle: the fix job's agent step.
    argv?: string[],
  ): Promise<ActionStepResult>;
};

/**
 * A workflow run on the local GitHub: its id is the GITHUB_RUN_ID the steps
 * see (so the run links crashfix writes point at it), and each job's summary
 * shows on the run's page, as on github.com.
 */
export async function startWorkflowRun(
  stack: StackFile,
  repository: string,
  workflow: string,
): Promise<WorkflowRunner> {
  const id = await startRun(stack.githubDataDir, repository, workflow);
  return {
    id,
    url: `${stack.serverUrl}/${repository}/actions/runs/${id}`,
    async job(name, context, inputs, argv) {
      const result = await runActionStep({ ...context, runId: id }, inputs, argv);
      await recordJob(stack.githubDataDir, repository, id, {
        name,
        conclusion: result.code === 0 ? "success" : "failure",
        summary: result.summary,
      });
      return result;
    },
  };
}
