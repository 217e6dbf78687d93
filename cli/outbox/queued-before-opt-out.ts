import type { CrashfixPaths } from "../config/resolve-paths.js";
import { readUserConfigFile } from "../config/user-config-file.js";
import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { removeFile } from "../store/remove-file.js";

const { existsSync, statSync, utimesSync, writeFileSync } = fs;

/** The key `telemetry off` records its time under in `~/.<app>/config`. */
export const OPTED_OUT_AT = "TELEMETRY_OFF_AT";

/** When the user last opted out: the later of `telemetry off` and the last start under an opt-out variable. */
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
 * Records that this start found an opt-out variable set (`DO_NOT_TRACK`,
 * `<APP>_TELEMETRY=off`): a variable, unlike `telemetry off`, leaves nothing
 * behind once it is gone, so each such start sets the modification time of
 * one empty file in `~/.<app>/` to now, one metadata write and no rewrite of
 * the config file (another process may be writing that). Only where the
 * config file exists: a report is queued only after the notice is recorded
 * there, so without it there is nothing to withdraw, and a user who opted
 * out before the app first ran gets no folder for it. Never throws.
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
 * Takes out of the outbox the reports queued before the user last opted
 * out (`telemetry off`, or a start under an opt-out variable), and returns
 * their names, none of which may be sent. `telemetry off` empties the
 * outbox of the project it runs in only; another project's queued reports
 * wait there, and are not sent while collection is off. After the user
 * turns it on again, a send they did not ask for (the background flush)
 * must not send what was queued before they opted out: the report stays in
 * the project's crash folder, unqueued, where `crash list` shows it and
 * `crash submit <id>` sends it if the user asks. A queue time that cannot
 * be read counts as before (fail closed).
 */
export function withdrawQueuedBeforeOptOut(paths: CrashfixPaths, names: string[]): string[] {
  const since = optedOutAt(paths);
  if (since === undefined) return [];
  const withdrawn: string[] = [];
  for (const name of names) {
    const file = under(paths.outboxDir, name);
    let queuedAt = Number.NEGATIVE_INFINITY;
    try {
      queuedAt = statSync(file).mtimeMs;
    } catch {
      // unreadable: treated as queued before
    }
    if (queuedAt > since) continue;
    // Not sent either way; one that cannot be removed is left in the outbox
    // and withdrawn again by the next flush.
    withdrawn.push(name);
    removeFile(file);
  }
  return withdrawn;
}
