import type { WorkflowRun } from "../runs/runs-folder.js";
import type { RepoRow } from "../store/rows.js";
import { escapeHtml as e } from "./escape-html.js";
import { count, layout, repoPath, timeTag } from "./pages.js";

const conclusion = (run: WorkflowRun): string => {
  if (run.jobs.length === 0) return '<span class="muted">no jobs recorded</span>';
  return run.jobs.every((job) => job.conclusion === "success")
    ? '<span class="ok">success</span>'
    : '<span class="bad">failure</span>';
};

/** /<owner>/<repo>/actions: the runs recorded for this repository, newest first. */
export function runsPage(repo: RepoRow, runs: WorkflowRun[]): string {
  const rows = runs
    .map(
      (run) =>
        `<tr><td><a href="${e(repoPath(repo))}/actions/runs/${run.id}">${e(run.workflow)} #${run.id}</a></td><td>${conclusion(run)}</td><td>${count(run.jobs.length, "job")}</td><td class="muted">${timeTag(run.created_at)}</td></tr>`,
    )
    .join("");
  return layout(
    `Actions · ${repo.owner}/${repo.name}`,
    `<p><a href="${e(repoPath(repo))}">${e(repo.owner)}/${e(repo.name)}</a></p><h1>Actions</h1>
<p class="muted">Workflow runs recorded by the runner that played them on this machine (the demo's, or a test's).</p>
${rows ? `<table class="list runs">${rows}</table>` : '<p class="muted">No workflow runs.</p>'}`,
  );
}

/** /<owner>/<repo>/actions/runs/<id>: each job's conclusion and the job summary its step wrote. */
export function runPage(
  repo: RepoRow,
  run: WorkflowRun,
  markdown: (source: string) => string,
): string {
  const jobs = run.jobs
    .map(
      (job) =>
        `<section class="run-job"><div class="meta"><strong>${e(job.name)}</strong> ${job.conclusion === "success" ? '<span class="ok">succeeded</span>' : '<span class="bad">failed</span>'} · ${timeTag(job.completed_at)}</div><div class="md">${job.summary.trim() ? markdown(job.summary) : '<p class="muted">This job wrote no summary.</p>'}</div></section>`,
    )
    .join("");
  return layout(
    `${run.workflow} #${run.id} · ${repo.owner}/${repo.name}`,
    `<p><a href="${e(repoPath(repo))}">${e(repo.owner)}/${e(repo.name)}</a> / <a href="${e(repoPath(repo))}/actions">Actions</a></p>
<h1>${e(run.workflow)} <span class="muted">#${run.id}</span></h1>
<p>${conclusion(run)} · started ${timeTag(run.created_at)} · ${count(run.jobs.length, "job")}</p>
<h2>Summary</h2>${jobs || '<p class="muted">No jobs recorded yet.</p>'}`,
  );
}
