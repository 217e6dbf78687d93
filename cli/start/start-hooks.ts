import type { StartCode } from "./start-code-cache.js";

// What dist/index.js hands the client's start code it runs (start/load-client.ts):
// that code runs as a script through node:vm, which gives it no import.meta
// and no import() of its own. Unset where the client runs as a module (the
// tests' sources, the commands' own bundle).

export type StartHooks = {
  /** The folder of the file that ran the start code: where crashfix's files are. */
  dir: () => string;
  /** The commands and the sender, imported by that file, where a bundler can see the import. */
  importCommands: () => Promise<typeof import("../commands-entry.js")>;
  /** How it compiled the start code, for its cache (save-start-code.ts); undefined where it has none. */
  code: StartCode | undefined;
};

let hooks: StartHooks | undefined;

export function setStartHooks(given: StartHooks): void {
  hooks = given;
}

export function startHooks(): StartHooks | undefined {
  return hooks;
}
