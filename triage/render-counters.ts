import { z } from "zod";
import { readableTime } from "../redact/utc-seconds.js";
import type { Counters } from "./counters.js";
import { codeSpan, commentSafeJson } from "./markdown-text.js";
import { readMarkerJson } from "./read-marker-json.js";
import { renderDailyTrend } from "./trend-chart.js";

export const COUNTERS_MARKER = "<!-- crashfix:counters -->";
const COUNTERS_STATE_PREFIX = "<!-- crashfix:counters-state=";

const countMap = z.record(z.string(), z.number().int().nonnegative());

const countersSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  versions: countMap,
  platforms: countMap,
  projects: z.array(z.string()),
  distinctProjects: z.number().int().nonnegative(),
  projectsCapped: z.boolean(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  daily: countMap,
  appliedBatches: z.array(z.string()),
});

export function hasCountersMarker(body: string | null | undefined): boolean {
  return typeof body === "string" && body.includes(COUNTERS_MARKER);
}

// Versions and platforms in one table, so their columns line up.
function breakdownTable(breakdowns: Record<string, Readonly<Record<string, number>>>): string[] {
  const rows = Object.entries(breakdowns).flatMap(([heading, map]) =>
    Object.entries(map)
      .sort(([, a], [, b]) => b - a)
      .map(([key, count]) => `| ${heading} | ${codeSpan(key)} | ${count} |`),
  );
  if (rows.length === 0) return [];
  return ["| Breakdown | Value | Reports |", "| --- | --- | ---: |", ...rows, ""];
}

// A timestamp of our own format reads as a date; anything else stays inert in a code span.
const when = (iso: string): string =>
  readableTime(iso) === iso ? codeSpan(iso) : readableTime(iso);

// A report from a folder outside a git repository carries no project id, so
// when no counted report had one the number of projects is unknown, not 0.
const NO_PROJECT_ID_NOTE =
  "No report here carried a project id: reports from folders outside a git repository have none.";

export function renderCountersComment(counters: Counters): string {
  const projectsUnknown = counters.total > 0 && counters.distinctProjects === 0;
  const projects = projectsUnknown
    ? "unknown"
    : `${counters.distinctProjects}${counters.projectsCapped ? "+" : ""}`;
  const trend = renderDailyTrend(
    counters.daily,
    counters.firstSeen.slice(0, 10),
    counters.lastSeen.slice(0, 10),
  );
  return [
    COUNTERS_MARKER,
    `${COUNTERS_STATE_PREFIX}${commentSafeJson(counters)} -->`,
    "### Occurrences",
    "",
    "| Total | Distinct projects | First seen | Last seen |",
    "| ---: | ---: | --- | --- |",
    `| ${counters.total} | ${projects} | ${when(counters.firstSeen)} | ${when(counters.lastSeen)} |`,
    "",
    ...(projectsUnknown ? [NO_PROJECT_ID_NOTE, ""] : []),
    ...breakdownTable({ Version: counters.versions, "OS/arch": counters.platforms }),
    ...(trend ? [trend, ""] : []),
    "_Updated in place by crashfix with absolute values; edits to this comment are overwritten._",
  ].join("\n");
}

export function parseCountersComment(body: string | null | undefined): Counters | undefined {
  if (!body || !hasCountersMarker(body)) return undefined;
  const raw = readMarkerJson(body, COUNTERS_STATE_PREFIX);
  const parsed = countersSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  // zod rebuilds records by assignment, which drops a "__proto__" key; the
  // validated raw maps (own keys from JSON.parse) keep it.
  const maps = raw as Pick<Counters, "versions" | "platforms" | "daily">;
  return {
    ...parsed.data,
    versions: ownEntries(maps.versions),
    platforms: ownEntries(maps.platforms),
    daily: ownEntries(maps.daily),
  };
}

function ownEntries(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map));
}
