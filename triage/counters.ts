import type { TriageReport } from "./triage-report.js";

// Absolute occurrence counts of one fingerprint, as held in the counters
// comment. `total` is exact; the breakdowns are capped so an attacker who
// varies versions or platforms cannot grow the comment past GitHub's 65,536
// character limit: overflow is folded into the OTHER_KEY bucket, so every
// breakdown still sums to `total`.
export type Counters = {
  total: number;
  versions: Record<string, number>;
  platforms: Record<string, number>;
  // project_id_hash prefixes (16 hex), capped at MAX_PROJECTS.
  projects: string[];
  // projects.length, or a lower bound once projectsCapped is true.
  distinctProjects: number;
  projectsCapped: boolean;
  firstSeen: string;
  lastSeen: string;
  daily: Record<string, number>;
  // Ids of the last batches applied to this comment: a writer that crashed
  // between editing the comment and releasing its spool can tell on restart
  // that the batch already counts, so nothing is counted twice.
  appliedBatches: string[];
};

export const OTHER_KEY = "other";
export const MAX_VERSIONS = 100;
export const MAX_PLATFORMS = 40;
export const MAX_PROJECTS = 500;
export const MAX_DAILY_DAYS = 90;
export const MAX_APPLIED_BATCHES = 20;

export type CountedReport = Pick<
  TriageReport,
  "app_version" | "os" | "arch" | "captured_at" | "project_id_hash"
>;

export function emptyCounters(): Counters {
  return {
    total: 0,
    versions: {},
    platforms: {},
    projects: [],
    distinctProjects: 0,
    projectsCapped: false,
    firstSeen: "",
    lastSeen: "",
    daily: {},
    appliedBatches: [],
  };
}

function bump(map: Record<string, number>, key: string, cap: number): void {
  const bucket = Object.hasOwn(map, key) || Object.keys(map).length < cap ? key : OTHER_KEY;
  map[bucket] = (map[bucket] ?? 0) + 1;
}

function pruneDaily(daily: Record<string, number>): Record<string, number> {
  const days = Object.keys(daily).sort();
  const kept = days.slice(-MAX_DAILY_DAYS);
  return Object.fromEntries(kept.map((day) => [day, daily[day] ?? 0]));
}

function sortedByKey(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// Pure: returns new counters with `reports` added. With `batchId`, a batch
// already listed in appliedBatches is not added again.
export function mergeCounters(
  counters: Counters | undefined,
  reports: readonly CountedReport[],
  options: { batchId?: string } = {},
): Counters {
  const base = counters ?? emptyCounters();
  if (options.batchId !== undefined && base.appliedBatches.includes(options.batchId)) return base;
  // Null-prototype maps: a version string "__proto__" is just a key.
  const versions: Record<string, number> = Object.assign(Object.create(null), base.versions);
  const platforms: Record<string, number> = Object.assign(Object.create(null), base.platforms);
  const daily: Record<string, number> = Object.assign(Object.create(null), base.daily);
  const projects = new Set(base.projects);
  let projectsCapped = base.projectsCapped;
  let { firstSeen, lastSeen } = base;
  for (const report of reports) {
    bump(versions, report.app_version, MAX_VERSIONS);
    bump(platforms, `${report.os}/${report.arch}`, MAX_PLATFORMS);
    const day = report.captured_at.slice(0, 10);
    daily[day] = (daily[day] ?? 0) + 1;
    if (firstSeen === "" || report.captured_at < firstSeen) firstSeen = report.captured_at;
    if (lastSeen === "" || report.captured_at > lastSeen) lastSeen = report.captured_at;
    const project = report.project_id_hash?.slice(0, 16);
    if (project) {
      if (projects.size < MAX_PROJECTS) projects.add(project);
      else if (!projects.has(project)) projectsCapped = true;
    }
  }
  const appliedBatches =
    options.batchId === undefined
      ? [...base.appliedBatches]
      : [...base.appliedBatches, options.batchId].slice(-MAX_APPLIED_BATCHES);
  return {
    total: base.total + reports.length,
    versions: sortedByKey(versions),
    platforms: sortedByKey(platforms),
    projects: [...projects].sort(),
    distinctProjects: projects.size,
    projectsCapped,
    firstSeen,
    lastSeen,
    daily: pruneDaily(daily),
    appliedBatches,
  };
}
