import { z } from "zod";
import { schemaFailure } from "../errors.js";
import type { Env } from "./read-inputs.js";

// What the runner tells every step through the environment. GITHUB_API_URL and
// GITHUB_SERVER_URL point at GitHub Enterprise Server (or the local GitHub) when
// set, so one code path serves github.com, GHES and local runs.
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables
const runnerEnvSchema = z.object({
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_SERVER_URL: z.url().default("https://github.com"),
  GITHUB_REPOSITORY: z.string().optional(),
  GITHUB_RUN_ID: z.string().regex(/^\d+$/).optional(),
  GITHUB_WORKSPACE: z.string().optional(),
  RUNNER_TEMP: z.string().optional(),
});

export type RunnerEnv = z.infer<typeof runnerEnvSchema>;

export function readRunnerEnv(env: Env): RunnerEnv {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(runnerEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") picked[key] = value;
  }
  const result = runnerEnvSchema.safeParse(picked);
  if (!result.success) {
    throw schemaFailure("INVALID_ENV", "the runner environment is not usable", result.error);
  }
  return result.data;
}

export function runUrl(runnerEnv: RunnerEnv): string | undefined {
  if (!runnerEnv.GITHUB_REPOSITORY || !runnerEnv.GITHUB_RUN_ID) return undefined;
  return `${runnerEnv.GITHUB_SERVER_URL.replace(/\/$/, "")}/${runnerEnv.GITHUB_REPOSITORY}/actions/runs/${runnerEnv.GITHUB_RUN_ID}`;
}
