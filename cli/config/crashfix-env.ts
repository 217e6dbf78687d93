import { CI_MARKERS, FIRST_RUN_ENV } from "./read-client-env.js";

type Env = Record<string, string | undefined>;

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
  // Every crashfix host's own switches: a child may be another tool, with
  // its own prefix. (Made here, not at load: a start never pays for it.)
  const hostSwitch = /^[A-Za-z_][A-Za-z0-9_]*_TELEMETRY(?:_DISABLED)?$/;
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === "") continue;
    if (
      name === "DO_NOT_TRACK" ||
      name === "CI" ||
      name === FIRST_RUN_ENV ||
      CI_MARKERS.includes(name) ||
      hostSwitch.test(name)
    ) {
      passed[name] = value;
    }
  }
  return passed;
}
