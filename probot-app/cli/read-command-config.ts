import { ConfigError } from "../config/config-error.js";
import { type CrashfixConfig, readEnvConfig } from "../config/read-env-config.js";
import { unknownVariableWarnings } from "../config/unknown-variables.js";
import type { ServerIo } from "./server-commands.js";

/**
 * The environment of a subcommand (start, check, flush), read once: the
 * config, or undefined after printing every problem with what to set. A
 * CRASHFIX_* variable nothing reads (a typo) is warned about, never refused.
 */
export function configOrProblems(io: ServerIo): CrashfixConfig | undefined {
  for (const warning of unknownVariableWarnings(io.env)) {
    io.stderr(`crashfix-server: warning: ${warning}\n`);
  }
  try {
    return readEnvConfig(io.env);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`crashfix-server: ${error.message}\nEvery variable: crashfix-server --help\n`);
    return undefined;
  }
}
