// The Action's public surface: one dispatcher and the four steps it selects.

export { type AgentStepDeps, runAgentStep } from "./agent/run-agent-step.js";
export { type AgentPlan, agentPlanSchema } from "./autofix/agent-plan.js";
export { AUTOFIX_INPUTS } from "./autofix/autofix-inputs.js";
export { type AutofixDeps, BRIEF_ENV, runAutofix } from "./autofix/run-autofix.js";
export {
  PREPARE_INPUTS,
  type PrepareDeps,
  type PrepareResult,
  runPrepare,
} from "./prepare/run-prepare.js";
export { PROMOTE_INPUTS } from "./promote/promote-inputs.js";
export {
  type PromoteDeps,
  type PromoteResult,
  type PromoteRow,
  runPromote,
} from "./promote/run-promote.js";
export { PUBLISH_INPUTS } from "./publish/publish-inputs.js";
export { type PublishDeps, type PublishResult, runPublish } from "./publish/run-publish.js";
export { runAction, STEPS, type Step } from "./run-action.js";
export {
  type AutofixResult,
  autofixResultSchema,
  PATCH_FILE,
  RESULT_FILE,
} from "./shared/autofix-result.js";
export {
  type Change,
  type ChangeVerdict,
  checkChanges,
  deniedReason,
} from "./shared/check-changes.js";
export { type CrashFacts, crashFactsSchema, parseCrashFacts } from "./shared/crash-facts.js";
export { ActionError, type ActionErrorCode } from "./shared/errors.js";
export { renderBrief } from "./shared/render-brief.js";
export { renderPublicIssue } from "./shared/render-public-issue.js";
export { renderPullRequest } from "./shared/render-pull-request.js";
export { commandEnv, runCommand } from "./shared/run-command.js";
export { type Finding, scanAddedLines } from "./shared/scan-patch.js";
