import { AUTO_FIX_SETTING, ENV_SETTINGS, FIRST_RUN_ENV } from "../../cli/config/read-client-env.js";

// CRASHFIX_* names that other parts of crashfix read. They may sit in the
// ingest's environment (a shared .env, a CI job that runs the client and the
// server), so the ingest never calls them unknown. A test reads the
// repository for CRASHFIX_ names and fails when one is missing here
// (tests/probot-app/unknown-variables.test.ts).
export const OTHER_CRASHFIX_VARIABLES: readonly string[] = [
  // The client (cli/config/read-client-env.ts).
  ...Object.values(ENV_SETTINGS),
  AUTO_FIX_SETTING,
  FIRST_RUN_ENV,
  "CRASHFIX_TIMEOUT_MS",
  // The bash route (cli/crashfix.sh).
  "CRASHFIX_BIN",
  "CRASHFIX_PHASE",
  "CRASHFIX_IGNORE_EXIT_CODES",
  "CRASHFIX_MOUNTED",
  // crashfix-server forget (probot-app/bin/forget-command.ts).
  "CRASHFIX_URL",
  // The local GitHub (local-github/cli/parse-cli-args.ts) and the demo (demo/bin/).
  "CRASHFIX_GITHUB_TOKEN",
  "CRASHFIX_LOCAL_DATA",
  // The Action (action.yml, actions/) and the secrets and variables the
  // workflows hand it (docs/actions.md).
  "CRASHFIX_BRIEF",
  "CRASHFIX_PLAN",
  "CRASHFIX_RUNNER",
  "CRASHFIX_SANDBOX",
  "CRASHFIX_APP_ID",
  "CRASHFIX_APP_PRIVATE_KEY",
  "CRASHFIX_AGENT_API_KEY",
  "CRASHFIX_TRIAGE_REPO_NAME",
  // The test suite (tests/setup/system-tools.ts).
  "CRASHFIX_CHROMIUM",
];

// A host's own opt-out switches are <PREFIX>_TELEMETRY and
// <PREFIX>_TELEMETRY_DISABLED (cli/config/read-client-env.ts), and a host
// whose id starts with "crashfix" has a CRASHFIX_ prefix; the scripted
// agent of the Action's tests reads CRASHFIX_TEST_* (fixtures/actions/agents/).
const OTHER_CRASHFIX_PATTERNS: readonly RegExp[] = [
  /_TELEMETRY(_DISABLED)?$/,
  /^CRASHFIX_TEST_[A-Z0-9_]+$/,
];

export function isOtherCrashfixVariable(name: string): boolean {
  return (
    OTHER_CRASHFIX_VARIABLES.includes(name) ||
    OTHER_CRASHFIX_PATTERNS.some((pattern) => pattern.test(name))
  );
}
