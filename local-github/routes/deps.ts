import type { AppCredentials } from "../auth/app-credentials.js";
import type { InstallationState } from "../auth/installation-state.js";
import type { Principal } from "../auth/principal.js";
import { actorOf } from "../auth/principal.js";
import { ApiError, notFound } from "../errors.js";
import type { GitRepos } from "../git/git-repos.js";
import type { Urls } from "../shapes/urls.js";
import type { Store } from "../store/create-store.js";
import type { Actor, IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import type { Events } from "../webhooks/emit-events.js";

/** What route handlers need; built once per server. */
export type RouteDeps = {
  store: Store;
  urls: Urls;
  app: AppCredentials;
  /** The App's one installation: suspended or not, its permissions. */
  installation: InstallationState;
  git: GitRepos;
  now: () => number;
  /** Creates a repository row and its bare git repository. */
  createRepo: (
    fullName: string,
    isPrivate: boolean,
  ) => Promise<{ repo: RepoRow; created: boolean }>;
  countWrite: () => void;
  /** Webhook events (no-ops while no webhook URL is set). */
  events: Events;
};

/** The repository named in the path, or 404 (private ones are invisible to anonymous callers). */
export function requireRepo(
  deps: RouteDeps,
  params: Record<string, string>,
  principal: Principal,
): RepoRow {
  const repo = deps.store.repos.find(params.owner ?? "", params.repo ?? "");
  if (!repo) throw notFound();
  if (repo.private === 1 && principal.kind === "anonymous") throw notFound();
  return repo;
}

/** The App's installation named in the path, or 404 (the local App has one). */
export function requireInstallation(deps: RouteDeps, params: Record<string, string>): void {
  if (params.installation_id !== String(deps.app.installationId)) throw notFound();
}

export function requireIssue(deps: RouteDeps, repo: RepoRow, raw: string | undefined): IssueRow {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) throw notFound();
  const issue = deps.store.issues.get(repo.id, Number(raw));
  if (issue) return issue;
  // GitHub answers a deleted issue's number with 410 Gone.
  if (deps.store.issues.wasDeleted(repo.id, Number(raw)))
    throw new ApiError(410, "This issue was deleted");
  throw notFound();
}

/** The acting user of a write; anonymous callers get GitHub's 401. */
export function requireActor(principal: Principal): Actor {
  const actor = actorOf(principal);
  if (!actor) throw new ApiError(401, "Requires authentication");
  return actor;
}

/** Emits labeled/unlabeled events for the difference between two label sets of an issue. */
export function emitLabelChanges(
  deps: RouteDeps,
  repo: RepoRow,
  issueId: number,
  before: LabelRow[],
  actor: Actor,
): void {
  const issue = deps.store.issues.getById(issueId);
  if (!issue) return;
  const after = deps.store.labels.forIssue(issueId);
  const had = new Set(before.map((label) => label.id));
  const has = new Set(after.map((label) => label.id));
  for (const label of after)
    if (!had.has(label.id)) deps.events.label("labeled", repo, issue, label, actor);
  for (const label of before)
    if (!has.has(label.id)) deps.events.label("unlabeled", repo, issue, label, actor);
}
