import type { OptionTable } from "../../command-line/read-options.js";
import type { ExitCode } from "../exit-codes.js";
import { runCapture } from "./capture.js";
import type { CommandContext } from "./command-context.js";
import { type CopyFilesInput, runCopyFiles } from "./copy-files.js";
import { runCrashList } from "./crash-list.js";
import { runCrashShow } from "./crash-show.js";
import { runCrashSubmit } from "./crash-submit.js";
import { runDoctor } from "./doctor.js";
import { runFlush } from "./flush.js";
import { shellPathText } from "./shell-path.js";
import { runStart } from "./start.js";
import { runTelemetry } from "./telemetry.js";

export type CommandSpec = {
  /** `crash submit`: the words that select it. */
  name: string;
  /** Arguments as the help shows them. */
  args: string;
  describe: string;
  options: OptionTable;
  /** For shell hosts, not for people; listed apart in the help. */
  forShells?: boolean;
  hidden?: boolean;
} & (
  | { run: (ctx: CommandContext) => number | Promise<number> }
  /** Needs no app: prints something about crashfix itself. */
  | { print: () => string }
  /** Needs no app: copies crashfix's own files where the user says. */
  | { copy: (input: CopyFilesInput) => ExitCode }
);

export const GLOBAL_OPTIONS: OptionTable = {
  app: {
    type: "string",
    value: "<id>",
    description: "act for this app (state in ~/.<id>, reports in ./.<id>)",
  },
  config: {
    type: "string",
    value: "<file>",
    description: "a JSON file with the app's crashfix settings",
  },
  json: { type: "boolean", description: "machine-readable output" },
  help: { type: "boolean", short: "h", description: "this help" },
  version: { type: "boolean", short: "v", description: "print crashfix's version" },
};

const captureOptions: OptionTable = {
  "exit-code": { type: "string", value: "<n>", description: "the script's exit status, 1-255" },
  class: {
    type: "string",
    value: "<class>",
    description: "a class like NonZeroExit or CommandNotFound",
  },
  phase: {
    type: "string",
    value: "<phase>",
    description: "where in the run, like ACT or iteration-3",
  },
  "bash-version": {
    type: "string",
    value: "<version>",
    description: "the script's $BASH_VERSION, reported instead of Node's",
  },
  frames: {
    type: "string",
    value: "<names>",
    description: "function names, innermost first, comma-separated",
  },
  friction: {
    type: "string",
    value: "<kind>",
    description: "retry_loop, rate_limit_loop or gate_failure",
  },
};

// What doctor checks: this install, not the network (the ingest is not probed).
const DOCTOR =
  "collection state and pending reports; exit 1 if a file this install needs is missing: the scrubber (nothing is captured) or, with an endpoint, the background send's command (queued reports are not sent); or if the project's .<app> cannot hold a report (a file, or a folder you cannot write in)";

export const COMMANDS: CommandSpec[] = [
  {
    name: "crash list",
    args: "",
    describe: "list local crash reports: id, when, class, top frame, status",
    options: {},
    run: runCrashList,
  },
  {
    name: "crash show",
    args: "<id>",
    describe: "print a report exactly as it would be sent (at least 4 characters of its id)",
    options: {},
    run: runCrashShow,
  },
  {
    name: "crash submit",
    args: "[<id> | --all]",
    describe:
      "send the queued reports now, or the one named; without an endpoint, or with collection off, print the report and a prefilled GitHub issue link to file it by hand",
    options: {
      all: {
        type: "boolean",
        description:
          "also the reports kept on this machine while collection was off or no endpoint was set",
      },
    },
    run: runCrashSubmit,
  },
  {
    // The README's lines mount `crash` and `telemetry`; this reaches doctor
    // through them, so it is described by what it does, not by a command
    // the host may not have.
    name: "crash doctor",
    args: "",
    describe: DOCTOR,
    options: {},
    run: runDoctor,
  },
  {
    name: "telemetry",
    args: "[on | off | status]",
    describe: "turn collection on or off, or say whether it is on and why",
    options: {},
    run: runTelemetry,
  },
  {
    name: "doctor",
    args: "",
    describe: DOCTOR,
    options: {},
    run: runDoctor,
  },
  {
    name: "copy-files",
    args: "<folder>",
    describe:
      "copy the files crashfix loads from beside its code into the folder of a CLI's bundle that has crashfix in it (run it in the CLI's build, after the bundler: the folder must be there)",
    options: {},
    copy: runCopyFiles,
  },
  {
    name: "capture",
    args: "[options]",
    describe: "record a failure of a shell script (the failing command's text is never read)",
    options: captureOptions,
    forShells: true,
    run: runCapture,
  },
  {
    name: "start",
    args: "",
    describe: "a shell host's start: the first-run notice, then the background send",
    options: {
      pid: {
        type: "string",
        value: "<pid>",
        description: "the shell host's process id (default: the parent)",
      },
    },
    forShells: true,
    run: runStart,
  },
  {
    name: "shell-path",
    args: "",
    describe: "print the path of crashfix.sh, to copy into a bash CLI or source",
    options: {},
    forShells: true,
    print: shellPathText,
  },
  {
    name: "__flush",
    args: "",
    describe: "the background send (started by a host)",
    options: {},
    hidden: true,
    run: runFlush,
  },
];
