import { failStep } from "../shared/fail-step.js";
import { runAgentStep } from "./run-agent-step.js";

// The agent step's entry: `node <action>/dist/agent/index.js <plan.json>` in
// a `run:` step of the fix job.
await runAgentStep().catch(failStep);
