import type { ResolvedConfig } from "./resolve-config.js";

export type OutputStream = { write(text: string): unknown; isTTY?: boolean };

/** Everything a subcommand gets: parsed flags, the app's config, injected I/O. */
export type CommandContext = {
  config: ResolvedConfig;
  /** The config as given (object), for a background flusher to re-validate. */
  rawConfig: unknown;
  positionals: string[];
  flags: {
    json: boolean;
    all: boolean;
    class?: string;
    phase?: string;
    exitCode?: string;
    friction?: string;
    frames?: string;
  };
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  fetch: typeof globalThis.fetch;
  now: () => number;
  /** Per-request timeout when sending (CRASHFIX_TIMEOUT_MS). */
  timeoutMs: number;
};

/** https://no-color.org: NO_COLOR set to anything non-empty turns colour off. */
export function paint(ctx: CommandContext, code: string, text: string): string {
  const noColor = (ctx.env.NO_COLOR ?? "") !== "" || ctx.env.TERM === "dumb";
  return ctx.stdout.isTTY === true && !noColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}
