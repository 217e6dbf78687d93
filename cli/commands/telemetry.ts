import { closestMatch } from "../../command-line/closest-match.js";
import {
  describeBadLines,
  readUserConfigFile,
  storedOptOut,
  updateUserConfigFile,
} from "../config/user-config-file.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { fs, path } from "../node-builtins.js";
import { markOptOutSeen, OPTED_OUT_AT } from "../outbox/queued-before-opt-out.js";
import { outboxIsLink, outboxNames } from "../store/report-store.js";
import {
  type CommandContext,
  commandHint,
  decideFor,
  exitForConfigFile,
  paint,
} from "./command-context.js";
import { reportingState } from "./reporting-state.js";

const { existsSync, readdirSync, rmSync } = fs;
const { join } = path;

/**
 * Status tells the whole state even when `~/.<app>/config` cannot be read
 * or parsed (collection is then off, and the reason names the fix), and
 * exits 3 for it, as every command does for a configuration problem.
 */
function printStatus(ctx: CommandContext): ExitCode {
  const state = reportingState(ctx, decideFor(ctx));
  const pending = outboxNames(ctx.config.paths).length;
  const { endpoint, privacyUrl } = ctx.config;
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          telemetry: state.word,
          reason: state.reason,
          source: state.source,
          pending,
          notice_shown: state.noticeShown,
          config: ctx.config.paths.configFile,
          endpoint: endpoint ?? null,
          privacy_url: privacyUrl ?? null,
        },
        null,
        2,
      )}\n`,
    );
    return exitForConfigFile(ctx, EXIT_CODES.OK);
  }
  const colour = state.word === "on" ? "32" : "33";
  ctx.stdout.write(
    [
      `telemetry: ${paint(ctx, colour, state.word)} (${state.reason})`,
      `sends to: ${endpoint ?? "nowhere: no endpoint is configured, reports stay on this machine"}`,
      `pending reports: ${pending}`,
      `first-run notice shown: ${state.noticeShown ? "yes" : "no"}`,
      ...(privacyUrl ? [`privacy: ${privacyUrl}`] : []),
      `config: ${ctx.config.paths.configFile}`,
      "",
    ].join("\n"),
  );
  return exitForConfigFile(ctx, EXIT_CODES.OK);
}

/** Opting out also empties the outbox: what was queued is never sent. */
function clearOutbox(ctx: CommandContext): number {
  const { outboxDir } = ctx.config.paths;
  // The link goes, and what it points at stays.
  if (outboxIsLink(ctx.config.paths)) {
    rmSync(outboxDir, { force: true });
    return 0;
  }
  const names = outboxNames(ctx.config.paths);
  for (const name of names) rmSync(join(outboxDir, name), { force: true });
  // Leftover temp files of an interrupted write hold report bytes too.
  try {
    for (const name of readdirSync(outboxDir)) {
      if (name.endsWith(".tmp")) rmSync(join(outboxDir, name), { force: true });
    }
  } catch {
    // no outbox yet
  }
  return names.length;
}

const ACTIONS = ["on", "off", "status"];

export function runTelemetry(ctx: CommandContext): ExitCode {
  const [action = "status", ...extra] = ctx.positionals;
  if (extra.length > 0 || !ACTIONS.includes(action)) {
    const near = extra.length === 0 ? closestMatch(action, ACTIONS) : undefined;
    throw new CrashfixError(
      "USAGE",
      `usage: ${commandHint(ctx, "telemetry on|off|status")} (got "${ctx.positionals.join(" ")}")${near ? `; did you mean ${near}?` : ""}`,
    );
  }
  if (action === "status") return printStatus(ctx);
  const path = ctx.config.paths.configFile;
  if (action === "off") {
    // The time, so that a report another project queued before it is not
    // sent once telemetry is on again (outbox/queued-before-opt-out.ts).
    updateUserConfigFile(path, {
      TELEMETRY_DISABLED: "true",
      [OPTED_OUT_AT]: new Date(ctx.now()).toISOString(),
    });
    const removed = clearOutbox(ctx);
    // Saved beside a broken line is still saved: the opt-out succeeded.
    if (ctx.json) {
      printStatus(ctx);
      return EXIT_CODES.OK;
    }
    // A send under way finishes the request it has made; the flush looks
    // again before each next one (outbox/flush-outbox.ts).
    const underWay = existsSync(ctx.config.paths.flushLockFile)
      ? " (a send under way may still finish the one it is sending)"
      : "";
    const dropped =
      removed > 0
        ? `; ${removed} queued ${removed === 1 ? "report was" : "reports were"} removed and will not be sent${underWay}`
        : "";
    ctx.stdout.write(`telemetry: off (saved in ${path})${dropped}\n`);
    return EXIT_CODES.OK;
  }
  const current = readUserConfigFile(path);
  if (current.badLines.length > 0) {
    throw new CrashfixError(
      "CONFIG_FILE_CORRUPT",
      `not turning telemetry on: ${describeBadLines(current)}`,
    );
  }
  // An opt-out the file held, written by hand perhaps (so without the time
  // `telemetry off` records), ends now: what was queued before it is not
  // sent unasked (outbox/queued-before-opt-out.ts).
  if (storedOptOut(current)) markOptOutSeen(ctx.config.paths, ctx.now());
  // Saved, not removed: status then names the user's choice instead of "default".
  updateUserConfigFile(path, { TELEMETRY_DISABLED: "false" });
  if (ctx.json) return printStatus(ctx);
  const state = reportingState(ctx, decideFor(ctx));
  ctx.stdout.write(
    state.word === "off"
      ? `telemetry: still off (${state.reason}); the saved setting is now on\n`
      : state.word === "local"
        ? `telemetry: local (${state.reason}); the saved setting is now on\n`
        : `telemetry: on (saved in ${path})\n`,
  );
  return EXIT_CODES.OK;
}
