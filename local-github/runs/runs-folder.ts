import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { makeFolder } from "../../cli/store/make-folder.js";
import { isoSeconds } from "../store/open-store.js";

// GitHub Actions runs as the local GitHub shows them. No workflow runs here:
// whoever plays the runner (the demo, tests) records each run and the job
// summaries its steps wrote, and the pages at /<owner>/<repo>/actions show
// them, so the run links crashfix writes resolve. One JSON file per run:
// <data>/actions/<owner>/<name>/<id>/run.json.

export const RUNS_FOLDER = "actions";

const jobSchema = z.strictObject({
  name: z.string().min(1).max(100),
  conclusion: z.enum(["success", "failure"]),
  /** The job summary the step wrote ($GITHUB_STEP_SUMMARY), Markdown. */
  summary: z.string().max(1024 * 1024),
  completed_at: z.iso.datetime(),
});

const runSchema = z.strictObject({
  id: z.number().int().positive(),
  workflow: z.string().min(1).max(100),
  created_at: z.iso.datetime(),
  jobs: z.array(jobSchema),
});

export type WorkflowRun = z.infer<typeof runSchema>;
export type WorkflowJob = z.infer<typeof jobSchema>;

const repoDir = (dataDir: string, owner: string, name: string): string =>
  join(dataDir, RUNS_FOLDER, owner.toLowerCase(), name.toLowerCase());

async function write(dir: string, run: WorkflowRun): Promise<void> {
  const path = join(dir, "run.json");
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(runSchema.parse(run), null, 2)}\n`);
  await rename(temp, path);
}

async function runIds(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => /^\d{1,9}$/.test(name)).map(Number);
}

/** Starts a run of `workflow` in owner/name and returns its id (1, 2, ... per repository). */
export async function startRun(
  dataDir: string,
  fullName: string,
  workflow: string,
  now: () => number = Date.now,
): Promise<number> {
  const [owner = "", name = ""] = fullName.split("/");
  const dir = repoDir(dataDir, owner, name);
  makeFolder(dir, 0o755);
  // The id is the folder: mkdir fails for a taken one, so two runners never share an id.
  for (let id = Math.max(0, ...(await runIds(dir))) + 1; ; id += 1) {
    try {
      await mkdir(join(dir, String(id)));
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    await write(join(dir, String(id)), { id, workflow, created_at: isoSeconds(now()), jobs: [] });
    return id;
  }
}

/** Adds one finished job, with the summary its step wrote, to a run. */
export async function recordJob(
  dataDir: string,
  fullName: string,
  id: number,
  job: Omit<WorkflowJob, "completed_at">,
  now: () => number = Date.now,
): Promise<void> {
  const [owner = "", name = ""] = fullName.split("/");
  const run = await readRun(dataDir, owner, name, id);
  if (!run) throw new Error(`no run ${id} in ${fullName}`);
  run.jobs.push({ ...job, completed_at: isoSeconds(now()) });
  await write(join(repoDir(dataDir, owner, name), String(id)), run);
}

export async function readRun(
  dataDir: string,
  owner: string,
  name: string,
  id: number,
): Promise<WorkflowRun | undefined> {
  try {
    const text = await readFile(
      join(repoDir(dataDir, owner, name), String(id), "run.json"),
      "utf8",
    );
    const parsed = runSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every readable run of a repository, newest first. */
export async function listRuns(
  dataDir: string,
  owner: string,
  name: string,
): Promise<WorkflowRun[]> {
  const ids = (await runIds(repoDir(dataDir, owner, name))).sort((a, b) => b - a);
  const runs = await Promise.all(ids.map((id) => readRun(dataDir, owner, name, id)));
  return runs.filter((run): run is WorkflowRun => run !== undefined);
}
