import * as core from "@actions/core";
import type { Env } from "./inputs/read-inputs.js";

export interface SummaryTable {
  heading: string;
  headers: readonly string[];
  // Cells are Markdown already made safe by the caller (codeSpan for any
  // report-derived text); this only joins them.
  rows: readonly (readonly string[])[];
  notes?: readonly string[];
}

export function renderSummaryTable(table: SummaryTable): string {
  const lines = [`### ${table.heading}`, ""];
  if (table.rows.length === 0) {
    lines.push("Nothing to do.");
  } else {
    lines.push(`| ${table.headers.join(" | ")} |`);
    lines.push(`| ${table.headers.map(() => "---").join(" | ")} |`);
    for (const row of table.rows)
      lines.push(`| ${row.map((c) => c.replace(/\n/g, " ")).join(" | ")} |`);
  }
  for (const note of table.notes ?? []) lines.push("", note);
  return `${lines.join("\n")}\n`;
}

// The job summary file is only there on a runner (or when a test sets
// GITHUB_STEP_SUMMARY); elsewhere the table goes to the log.
export async function writeSummary(table: SummaryTable, env: Env = process.env): Promise<void> {
  const markdown = renderSummaryTable(table);
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(markdown, true).write();
    core.summary.emptyBuffer();
  } else {
    core.info(markdown);
  }
}

/**
 * How a step ends, told twice: its outputs for the workflow's next steps,
 * and its job summary for the people reading the run.
 */
export async function reportStep(
  outputs: Readonly<Record<string, string>>,
  table: SummaryTable,
  env: Env = process.env,
): Promise<void> {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  await writeSummary(table, env);
}
