import { readFileSync } from "node:fs";
import { CREDENTIAL_NAMES } from "./run-command.js";

// The agent and the repository's CI must never run as descendants of a
// process that holds a runner credential (docs/DESIGN.md section 6): a child can
// read /proc/<ancestor>/environ. This step checks its own environment for
// every credential name, and each ancestor's for the tokens only the Actions
// runner hands out, before it starts anything.
const RUNNER_TOKENS = ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"];

function environOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

export function credentialProblems(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if ((CREDENTIAL_NAMES.has(name) || name.startsWith("INPUT_")) && env[name])
      problems.push(`this step's environment holds ${name}`);
  }
  for (let pid = parentOf(process.pid); pid !== undefined && pid > 1; pid = parentOf(pid)) {
    const environ = environOf(pid);
    for (const name of RUNNER_TOKENS) {
      if (environ?.some((entry) => entry.startsWith(`${name}=`) && entry.length > name.length + 1))
        problems.push(`ancestor process ${pid} holds ${name}`);
    }
  }
  return problems;
}
