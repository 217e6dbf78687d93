import { join } from "node:path";
import type * as Cli from "../../cli/index.js";
import { hostConfig, installedPackage, type Sandbox } from "./helpers.js";

/** The installed package, imported in this process as a host imports it. */
export async function loadClient(): Promise<typeof Cli> {
  return (await import(join(installedPackage(), "dist/index.js"))) as typeof Cli;
}

/** A stream that keeps what is written to it. */
export function sink() {
  let text = "";
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

/** A reporter for the sandbox's user and project, with `extra` over the test host's config. */
export function reporterFor(
  cli: typeof Cli,
  sandbox: Sandbox,
  extra: Record<string, unknown> = {},
  now = Date.now,
) {
  return cli.createCrashReporter(hostConfig(extra) as Cli.CrashReporterConfig, {
    cwd: sandbox.project,
    home: sandbox.home,
    env: {},
    stderr: sink(),
    now,
  });
}
