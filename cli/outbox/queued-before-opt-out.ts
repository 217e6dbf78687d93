import type { CrashfixPaths } from "../config/resolve-paths.js";
import { readUserConfigFile } from "../config/user-config-file.js";
import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { removeFile } from "../store/remove-file.js";

const { statSync } = fs;

/** The key `telemetry off` records its time under in `~/.<app>/config`. */
export const OPTED_OUT_AT = "TELEMETRY_OFF_AT";

function optedOutAt(configFile: string): number | undefined {
  try {
    const raw = readUserConfigFile(configFile).values[OPTED_OUT_AT];
    const time = raw === undefined ? Number.NaN : Date.parse(raw);
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * Takes out of the outbox the reports queued before the user last ran
 * `telemetry off`, and returns their names, none of which may be sent. `telemetry off` empties the
 * outbox of the project it runs in only; another project's queued reports
 * wait there, and are not sent while collection is off. After the user
 * turns it on again, a send they did not ask for (the background flush)
 * must not send what was queued before they opted out: the report stays in
 * the project's crash folder, unqueued, where `crash list` shows it and
 * `crash submit <id>` sends it if the user asks. A queue time that cannot
 * be read counts as before (fail closed).
 */
export function withdrawQueuedBeforeOptOut(paths: CrashfixPaths, names: string[]): string[] {
  const since = optedOutAt(paths.configFile);
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
