import type { OptionValues } from "../../command-line/read-options.js";
import {
  type CollectionDecision,
  decide,
  decideInputFor,
} from "../collection/decide-collection.js";
import type { ClientEnv } from "../config/read-client-env.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { userConfigFileProblem } from "../config/user-config-file.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { commandWords } from "./command-words.js";

export type OutputStream = { write(text: string): unknown; isTTY?: boolean };

/** Everything a subcommand gets: parsed arguments, the app's config, injected I/O. */
export type CommandContext = {
  config: ResolvedConfig;
  positionals: string[];
  /** Option values by name (`--exit-code 3` -> `{ "exit-code": "3" }`); flags are `true`. */
  options: OptionValues;
  json: boolean;
  env: Record<string, string | undefined>;
  clientEnv: ClientEnv;
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  fetch: typeof globalThis.fetch;
  now: () => number;
};

/** A string option's value, or undefined when not given. */
export function optionValue(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === "string" ? value : undefined;
}

/** How a hint names one of crashfix's commands for this app (see commandWords). */
export function commandHint(ctx: CommandContext, words: string): string {
  return commandWords(ctx.config.command, words);
}

/** https://no-color.org: colour only on a terminal, and never with NO_COLOR. */
export function paint(ctx: CommandContext, code: string, text: string): string {
  return ctx.stdout.isTTY === true && !ctx.clientEnv.noColor
    ? `\u001b[${code}m${text}\u001b[0m`
    : text;
}

/** The collection decision for the app a command acts for. */
export function decideFor(ctx: CommandContext): CollectionDecision {
  return decide(decideInputFor(ctx.config, ctx.env, ctx.clientEnv));
}

/**
 * Why `~/.<app>/config` turns collection off against the user's intent (it
 * cannot be read or parsed, or TELEMETRY_DISABLED has a value we do not
 * recognise), in words that name the fix; undefined when it is fine.
 */
export function configFileProblem(ctx: CommandContext): string | undefined {
  return userConfigFileProblem(ctx.config.paths.configFile);
}

/**
 * Exit 3 when `~/.<app>/config` has a problem (see configFileProblem;
 * collection is then off, and the decision's reason names the fix), else
 * `otherwise`.
 */
export function exitForConfigFile(ctx: CommandContext, otherwise: ExitCode): ExitCode {
  return configFileProblem(ctx) === undefined ? otherwise : EXIT_CODES.CONFIG;
}
