import { CI_MARKERS, FIRST_RUN_ENV } from "./read-client-env.js";

type Env = Record<string, string | undefined>;

// Every crashfix host's own switches (<PREFIX>_TELEMETRY,
// <PREFIX>_TELEMETRY_DISABLED): a child may be another tool, with its own prefix.
const HOST_SWITCH = /^[A-Za-z_][A-Za-z0-9_]*_TELEMETRY(?:_DISABLED)?$/;

/**
 * The variables a child process needs from `env` for crashfix to decide
 * there as it did here: the opt-outs set (DO_NOT_TRACK, every
 * `<PREFIX>_TELEMETRY` and `<PREFIX>_TELEMETRY_DISABLED`, including the
 * `<PREFIX>_TELEMETRY=off` a reporter sets when collection is off), the CI
 * markers, and CRASHFIX_FIRST_RUN, which keeps a child of the first run in
 * it. For a host that starts a child with an environment of its own:
 * `spawn(cmd, args, { env: { PATH, HOME, ...crashfixEnv() } })`. A child
 * given the whole environment has them already. Reads `env` only when called.
 */
export function crashfixEnv(env: Env = process.env): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === "") continue;
    if (
      name === "DO_NOT_TRACK" ||
      name === "CI" ||
      name === FIRST_RUN_ENV ||
      CI_MARKERS.includes(name) ||
      HOST_SWITCH.test(name)
    ) {
      passed[name] = value;
    }
  }
  return passed;
}
