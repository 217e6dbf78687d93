// The Action's public surface: one dispatcher and the four steps it selects.

export { type AgentStepDeps, runAgentStep } from "./agent/run-agent-step.js";
export { commandEnv, runCommand } from "./agent/run-command.js";
export { type AgentPlan, agentPlanSchema } from "./autofix/agent-plan.js";
export { AUTOFIX_INPUTS } from "./autofix/autofix-inputs.js";
export { renderBrief } from "./autofix/render-brief.js";
export { type AutofixDeps, BRIEF_ENV, runAutofix } from "./autofix/run-autofix.js";
export { PREPARE_INPUTS } from "./prepare/prepare-inputs.js";
export { type PrepareDeps, type PrepareResult, runPrepare } from "./prepare/run-prepare.js";
export { PROMOTE_INPUTS } from "./promote/promote-inputs.js";
export { renderPublicIssue } from "./promote/render-public-issue.js";
export {
  type PromoteDeps,
  type PromoteResult,
  type PromoteRow,
  runPromote,
} from "./promote/run-promote.js";
export { PUBLISH_INPUTS } from "./publish/publish-inputs.js";
export { renderPullRequest } from "./publish/render-pull-request.js";
export { type PublishDeps, type PublishResult, runPublish } from "./publish/run-publish.js";
export { runAction, STEPS, type Step } from "./run-action.js";
export { ActionError, type ActionErrorCode } from "./shared/errors.js";
export { type CrashFacts, crashFactsSchema, parseCrashFacts } from "./shared/facts/crash-facts.js";
export {
  type AutofixResult,
  autofixResultSchema,
  PATCH_FILE,
  RESULT_FILE,
} from "./shared/patch/autofix-result.js";
export {
  type Change,
  type ChangeVerdict,
  checkChanges,
  deniedReason,
} from "./shared/patch/check-changes.js";
export { type Finding, scanAddedLines } from "./shared/patch/scan-patch.js";
