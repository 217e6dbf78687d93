import type { CollectionDecision } from "../collection/decide-collection.js";
import { under } from "../path-under.js";

/**
 * `file` from `cwd` when it lies below it, else `file` whole. A prefix test,
 * not path.relative: its first call costs a crash 0.1 ms on the build
 * machine, and both paths are absolute and normalized already.
 */
export function shownPath(cwd: string, file: string): string {
  const base = under(cwd, "");
  return file.startsWith(base) ? file.slice(base.length) : file;
}

export type CrashNoticeInput = {
  displayName: string;
  /** Undefined where no command for crashfix's commands exists: the notice then names none. */
  command: string | undefined;
  id: string;
  file: string;
  cwd: string;
  /** Set for a nonzero exit rather than an exception. */
  exitCode?: number | undefined;
  queued: boolean;
  /** The list of reports written, when this one could not be recorded there: no send takes it. */
  unrecordedIn?: string | undefined;
  hasEndpoint: boolean;
  /** A later start can send queued reports in the background (the command files are there). */
  backgroundSend: boolean;
  state: CollectionDecision["state"];
  ci: boolean;
};

/** What happens to the report next, in the words a user reads. */
function fate(input: CrashNoticeInput): string {
  if (!input.hasEndpoint) return "The report stays on this machine.";
  if (input.unrecordedIn !== undefined) {
    return `Nothing was sent, and it cannot be: crashfix could not write ${input.unrecordedIn}, and sends only reports recorded there.`;
  }
  if (input.state === "off" || !input.queued) return "Nothing was sent.";
  // No promise of a send that cannot start: the report waits in the outbox
  // (`crash list` says "pending"), and only a command can send it.
  if (!input.backgroundSend) {
    const after = input.state === "first-run" ? " after this first run has ended" : "";
    const until = input.command === undefined ? "" : ` until you send it${after}`;
    return `It waits on this machine${until}: this install of ${input.displayName} cannot send it in the background.`;
  }
  if (input.state === "first-run") {
    return "It will be sent, scrubbed and anonymous, by a run that starts after this first run has ended.";
  }
  // Queued reports go out from the background send of the app's next start.
  return `It will be sent, scrubbed and anonymous, when ${input.displayName} next starts.`;
}

/**
 * The short block printed after a captured crash (the idea of Rust's
 * human-panic): what happened, where the report is, and the commands that
 * exist for it. In CI, one line.
 */
export function formatCrashNotice(input: CrashNoticeInput): string {
  const where = shownPath(input.cwd, input.file);
  const { command } = input;
  if (input.ci) {
    const seeIt = command === undefined ? "" : ` (${command} crash show ${input.id})`;
    return `${input.displayName}: crash report saved to ${where}${seeIt}\n`;
  }
  const what =
    input.exitCode === undefined
      ? `${input.displayName} hit an error it did not expect.`
      : `${input.displayName} exited with status ${input.exitCode}.`;
  // Without a command, the report's path is all that works. During the
  // first run `crash submit` cannot send (the fate line says when the
  // report goes), so it is not offered; without an endpoint it files by hand.
  const waits =
    input.hasEndpoint && (input.state === "first-run" || input.unrecordedIn !== undefined);
  const sendLabel = input.hasEndpoint && input.state !== "off" ? "send it now" : "file it yourself";
  const submit = waits ? [] : [`  ${sendLabel}: ${command} crash submit ${input.id}`];
  const commands =
    command === undefined ? [] : [`  see it: ${command} crash show ${input.id}`, ...submit];
  return ["", `${what} ${fate(input)}`, `  report: ${where}`, ...commands, ""].join("\n");
}
