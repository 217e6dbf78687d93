import { closestMatch } from "../../command-line/closest-match.js";
import { ENV_VARIABLES } from "./env-variables.js";
import { isOtherCrashfixVariable, OTHER_CRASHFIX_VARIABLES } from "./other-crashfix-variables.js";

const PREFIX = "CRASHFIX_";

const INGEST_VARIABLES = Object.keys(ENV_VARIABLES).filter((name) => name.startsWith(PREFIX));

/**
 * One warning per CRASHFIX_* variable nothing in crashfix reads, with the
 * known name it is closest to. Warnings only: a stray variable must not stop
 * a server. Names are compared after the prefix, so REDIS_ULR is one
 * swap from REDIS_URL; with the prefix counted, a third of the longer name
 * would let far names pass for typos.
 */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = [...INGEST_VARIABLES, ...OTHER_CRASHFIX_VARIABLES];
  const suffixes = known.map((name) => name.slice(PREFIX.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX))
    .filter((name) => !INGEST_VARIABLES.includes(name) && !isOtherCrashfixVariable(name))
    .sort()
    .map((name) => {
      const near = closestMatch(name.slice(PREFIX.length), suffixes);
      return near
        ? `${name} is not a crashfix variable and is ignored; did you mean ${PREFIX}${near}?`
        : `${name} is not a crashfix variable and is ignored (crashfix-server --help lists the ingest's)`;
    });
}
