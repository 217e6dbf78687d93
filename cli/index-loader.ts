// What dist/index.js is: the module a host imports. The client's start code
// (cli/index.ts and all it imports) is in it as a string, which the build
// puts there; the first call runs it through start/load-start-code.ts,
// compiled from V8's code cache in the app's state folder when the call is
// createCrashReporter() and its config names that folder. Every export of
// cli/index.ts is here (tests/cli/package.test.ts holds the two to it).
import {
  homeFromEnv,
  reporterHome,
  resolveStateDir,
  START_CODE_CACHE_FILE,
} from "./config/state-dir.js";
import { CrashfixError } from "./errors.js";
import { EXIT_CODES } from "./exit-codes.js";
import type * as Client from "./index.js";
import { under } from "./path-under.js";
import { DEFAULT_IGNORED_EXIT_CODES } from "./reporter/ignored-exit-codes.js";
import { loadStartCode } from "./start/load-start-code.js";

declare const CRASHFIX_START_SOURCE: string;
declare const CRASHFIX_START_ID: string;

// At the top level, so V8 scans the 25 KB string once when it compiles this
// file; inside a function it would scan it again when it compiles that
// function (0.5 M instructions).
const START_CODE = {
  source: CRASHFIX_START_SOURCE,
  id: CRASHFIX_START_ID,
  // Stack traces name the start code's frames by the package's file,
  // relative: the real path would need import.meta, which Node makes on its
  // first read (0.27 ms), and a capture reads it only to find the scrubber.
  filename: "crashfix/dist/index.js",
};

export { CrashfixError, DEFAULT_IGNORED_EXIT_CODES, EXIT_CODES };

let client: typeof Client | undefined;

function start(cacheFile?: string): typeof Client {
  client ??= loadStartCode(
    START_CODE,
    {
      get dirname() {
        return import.meta.dirname;
      },
      get url() {
        return import.meta.url;
      },
      CrashfixError,
      loadCommands: () => import("./commands-entry.js"),
    },
    cacheFile,
  );
  return client;
}

/**
 * Where the start code's cache is for createCrashReporter's arguments,
 * before they are checked: the state folder they name, as resolveConfig
 * finds it. The cache is only written there once the config has been
 * checked and names the same folder (start/start-host.ts).
 */
function cacheFileFor(
  input: unknown,
  options: Client.ReporterOptions | undefined,
): string | undefined {
  const { app, stateDir } = (input ?? {}) as { app?: unknown; stateDir?: unknown };
  if (typeof app !== "string" || (stateDir !== undefined && typeof stateDir !== "string")) {
    return undefined;
  }
  const home = reporterHome(options?.home, homeFromEnv(options?.env ?? process.env));
  const cwd = options?.cwd ?? process.cwd();
  return under(resolveStateDir({ app, stateDir, home, cwd }), START_CODE_CACHE_FILE);
}

export const createCrashReporter: typeof Client.createCrashReporter = (input, options) =>
  start(cacheFileFor(input, options)).createCrashReporter(input, options);
export const decideCollection: typeof Client.decideCollection = (config, options) =>
  start().decideCollection(config, options);
export const renderDisclosure: typeof Client.renderDisclosure = (config) =>
  start().renderDisclosure(config);
export const runCrashfixCommand: typeof Client.runCrashfixCommand = (argv, io) =>
  start().runCrashfixCommand(argv, io);
export const flushOutbox: typeof Client.flushOutbox = (options) => start().flushOutbox(options);
