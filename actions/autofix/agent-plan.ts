import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ActionError } from "../shared/errors.js";

// What the autofix action hands to the agent step (a `run:` step of its own,
// so the agent is no descendant of the action's process, which holds the
// runner's tokens): the maintainer's commands and limits, already validated,
// and where the brief is. Written before any agent code runs; read once.
export const agentPlanSchema = z.strictObject({
  schema: z.literal("1"),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  workspace: z.string().min(1),
  outDir: z.string().min(1),
  brief: z.string().min(1),
  baseSha: z.string().regex(/^[0-9a-f]{40}$/),
  agentCommand: z.string().min(1),
  ciCommand: z.string().min(1),
  agentTimeoutMs: z.number().int().positive(),
  ciTimeoutMs: z.number().int().positive(),
  maxFiles: z.number().int().positive(),
  maxPatchBytes: z.number().int().positive(),
});

export type AgentPlan = z.infer<typeof agentPlanSchema>;

export const PLAN_FILE = "plan.json";

export async function readAgentPlan(path: string): Promise<AgentPlan> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ActionError(
      "INVALID_INPUT",
      `cannot read the agent plan ${path}; pass the autofix step's "plan" output`,
      { cause: error },
    );
  }
  const parsed = agentPlanSchema.safeParse(value);
  if (!parsed.success) {
    throw new ActionError("INVALID_INPUT", `the agent plan ${path} is not one crashfix wrote`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
