// What a host loads only when it runs a command or sends on demand: the
// build keeps it a separate file (dist/commands-entry.js) that index.js
// imports on first use.
export { useFilesBeside } from "./bin-path.js";
export { runCommand } from "./commands/run-command.js";
export { flushOutbox } from "./outbox/flush-outbox.js";
