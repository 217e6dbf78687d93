// What the build makes dist/index.js from: `import "crashfix"`. It runs the
// client's start code (start/client-core.ts, which the build hands this file
// as a string) from V8's code cache (start/load-client.ts), and exports what
// cli/index.ts exports. The code stays inside this file, so a CLI that
// bundles crashfix carries it with no file of its own to ship.
import { ownDir } from "./bin-path.js";
import type * as ClientCore from "./start/client-core.js";
import { loadClient } from "./start/load-client.js";

// Set by the build (scripts/build-client.mjs): the start code, and a hash of it.
declare const CRASHFIX_CLIENT_SOURCE: string;
declare const CRASHFIX_CLIENT_ID: string;

// Named for stacks without a path: the file's own would cost every start
// Node's import.meta (0.4 ms), and the lines are the start code's, not this file's.
const { client, startCode } = loadClient<typeof ClientCore>(
  CRASHFIX_CLIENT_SOURCE,
  CRASHFIX_CLIENT_ID,
  "crashfix/dist/index.js",
);
client.setStartHooks({
  dir: ownDir,
  importCommands: () => import("./commands-entry.js"),
  code: startCode,
});

export const {
  CrashfixError,
  DEFAULT_IGNORED_EXIT_CODES,
  EXIT_CODES,
  crashfixEnv,
  createCrashReporter,
  decideCollection,
  flushOutbox,
  renderDisclosure,
  runCrashfixCommand,
} = client;
