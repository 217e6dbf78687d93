import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type CommandContext, paint } from "../command-context.js";
import { describeBadLines, readConfigFile, updateConfigFile } from "../config-file.js";
import { decideCollection } from "../decide-collection.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { countPending } from "./count-pending.js";

function decide(ctx: CommandContext) {
  return decideCollection({
    envPrefix: ctx.config.envPrefix,
    configPath: ctx.config.paths.configFile,
    env: ctx.env,
  });
}

function printStatus(ctx: CommandContext): ExitCode {
  const decision = decide(ctx);
  const pending = countPending(ctx.config.paths);
  let disclosure = false;
  try {
    disclosure = readConfigFile(ctx.config.paths.configFile).values.DISCLOSURE_SHOWN === "true";
  } catch {
    // reported through the decision's reason
  }
  if (ctx.flags.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          telemetry: decision.enabled ? "on" : "off",
          reason: decision.reason,
          source: decision.source,
          pending,
          disclosureShown: disclosure,
          config: ctx.config.paths.configFile,
          endpoint: ctx.config.endpoint ?? null,
        },
        null,
        2,
      )}\n`,
    );
    return EXIT_CODES.OK;
  }
  const state = decision.enabled ? paint(ctx, "32", "on") : paint(ctx, "33", "off");
  ctx.stdout.write(
    [
      `telemetry: ${state} (${decision.reason})`,
      `pending reports: ${pending}`,
      `first-run notice shown: ${disclosure ? "yes" : "no"}`,
      `config: ${ctx.config.paths.configFile}`,
      "",
    ].join("\n"),
  );
  return EXIT_CODES.OK;
}

/** Opting out also empties the outbox: what was queued is never sent. */
function clearOutbox(ctx: CommandContext): number {
  let removed = 0;
  try {
    for (const name of readdirSync(ctx.config.paths.outboxDir)) {
      if (!name.endsWith(".json")) continue;
      rmSync(join(ctx.config.paths.outboxDir, name), { force: true });
      removed += 1;
    }
  } catch {
    // no outbox yet
  }
  return removed;
}

export function runTelemetry(ctx: CommandContext): ExitCode {
  const [action = "status", ...extra] = ctx.positionals;
  if (extra.length > 0 || !["on", "off", "status"].includes(action)) {
    throw new CrashfixError(
      "USAGE",
      `usage: telemetry on|off|status (got "${ctx.positionals.join(" ")}")`,
    );
  }
  if (action === "status") return printStatus(ctx);
  const path = ctx.config.paths.configFile;
  if (action === "off") {
    updateConfigFile(path, { TELEMETRY_DISABLED: "true" });
    const removed = clearOutbox(ctx);
    if (!ctx.flags.json) {
      ctx.stdout.write(
        `telemetry: off (saved in ${path})${removed > 0 ? `; ${removed} queued report(s) removed, none will be sent` : ""}\n`,
      );
      return EXIT_CODES.OK;
    }
    return printStatus(ctx);
  }
  const current = readConfigFile(path);
  if (current.badLines.length > 0) {
    throw new CrashfixError(
      "CONFIG_FILE_CORRUPT",
      `not turning telemetry on: ${describeBadLines(current)}`,
    );
  }
  updateConfigFile(path, { TELEMETRY_DISABLED: undefined });
  if (ctx.flags.json) return printStatus(ctx);
  const decision = decide(ctx);
  ctx.stdout.write(
    decision.enabled
      ? `telemetry: on (saved in ${path})\n`
      : `telemetry: still off (${decision.reason}); the saved setting is now on\n`,
  );
  return EXIT_CODES.OK;
}
