import type { CrashfixPaths } from "../config/resolve-paths.js";
import { readUserConfigFile } from "../config/user-config-file.js";
import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { removeFile } from "../store/remove-file.js";

const { existsSync, readFileSync, statSync, utimesSync, writeFileSync } = fs;

const SECOND_MS = 1000;

/** The key `telemetry off` records its time under in `~/.<app>/config`. */
export const OPTED_OUT_AT = "TELEMETRY_OFF_AT";

/** When the user last opted out: the later of `telemetry off` and the last time an opt-out was seen (markOptOutSeen). */
function optedOutAt(paths: CrashfixPaths): number | undefined {
  let latest: number | undefined;
  try {
    const raw = readUserConfigFile(paths.configFile).values[OPTED_OUT_AT];
    const time = raw === undefined ? Number.NaN : Date.parse(raw);
    if (!Number.isNaN(time)) latest = time;
  } catch {
    // no config: no `telemetry off` on record
  }
  try {
    const seen = statSync(paths.optOutSeenFile).mtimeMs;
    if (latest === undefined || seen > latest) latest = seen;
  } catch {
    // no start has found an opt-out variable
  }
  return latest;
}

/**
 * Records that collection was off at `now`: a start that found an opt-out
 * (a variable such as `DO_NOT_TRACK`, or `TELEMETRY_DISABLED` in the config
 * file, written there by hand too), or `telemetry on` ending one. A variable
 * or a line edited by hand, unlike `telemetry off`, leaves no time behind,
 * so this sets the modification time of one empty file in `~/.<app>/`: one
 * metadata write, and no rewrite of the config file, which another process
 * may be writing. Only where the config file exists: a report is queued
 * only after the notice is recorded there, so without it there is nothing
 * to withdraw, and a user who opted out before the app first ran gets no
 * folder for it. Never throws.
 */
export function markOptOutSeen(paths: CrashfixPaths, now: number): void {
  const time = new Date(now);
  try {
    utimesSync(paths.optOutSeenFile, time, time);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return;
    try {
      if (!existsSync(paths.configFile)) return;
      writeFileSync(paths.optOutSeenFile, "", { mode: 0o600 });
      utimesSync(paths.optOutSeenFile, time, time);
    } catch {
      // a read-only state folder: this start leaves no record
    }
  }
}

/**
 * When a queued report was queued: the earlier of its file's modification
 * time and the capture time it holds, since copying or restoring a folder
 * gives its files new times. That time is to the second: taken as the
 * second's end, so a report captured just after an opt-out ended, in the
 * same second, still goes. One that cannot be read counts as queued before
 * any opt-out (fail closed).
 */
function queuedAt(file: string): number {
  try {
    const modified = statSync(file).mtimeMs;
    const captured = Date.parse(
      String((JSON.parse(readFileSync(file, "utf8")) as { captured_at?: unknown }).captured_at),
    );
    return Number.isNaN(captured)
      ? Number.NEGATIVE_INFINITY
      : Math.min(modified, captured + SECOND_MS - 1);
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/**
 * Takes out of the outbox the reports queued before the user last opted
 * out (`telemetry off`, or a start under an opt-out variable), and returns
 * their names, none of which may be sent. `telemetry off` empties the
 * outbox of the project it runs in only; another project's queued reports
 * wait there, and are not sent while collection is off. After the user
 * turns it on again, a send they did not ask for (the background flush)
 * must not send what was queued before they opted out: the report stays in
 * the project's crash folder, unqueued, where `crash list` shows it and
 * `crash submit <id>` sends it if the user asks.
 */
export function withdrawQueuedBeforeOptOut(paths: CrashfixPaths, names: string[]): string[] {
  const since = optedOutAt(paths);
  if (since === undefined) return [];
  const withdrawn: string[] = [];
  for (const name of names) {
    const file = under(paths.outboxDir, name);
    if (queuedAt(file) > since) continue;
    // Not sent either way; one that cannot be removed is left in the outbox
    // and withdrawn again by the next flush.
    withdrawn.push(name);
    removeFile(file);
  }
  return withdrawn;
}
