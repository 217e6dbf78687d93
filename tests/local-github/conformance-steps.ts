// Every GitHub call crashfix makes, as the conformance test replays it against
// the local GitHub: `template` picks the operation in GitHub's OpenAPI
// description, `path` is the concrete request. A body of "claim" is filled in
// with the pushed main commit at run time.

export type Step = {
  name: string;
  method: string;
  template: string;
  path: string;
  status: number;
  body?: unknown;
  jwt?: boolean;
};

const R = "/repos/acme/triage";
/** The calls, in order: later ones use what earlier ones made. */
export const steps: Step[] = [
  { name: "get the App", method: "GET", template: "/app", path: "/app", status: 200, jwt: true },
  {
    name: "find the installation",
    method: "GET",
    template: "/repos/{owner}/{repo}/installation",
    path: `${R}/installation`,
    status: 200,
    jwt: true,
  },
  {
    name: "get a repository",
    method: "GET",
    template: "/repos/{owner}/{repo}",
    path: R,
    status: 200,
  },
  {
    name: "create a label",
    method: "POST",
    template: "/repos/{owner}/{repo}/labels",
    path: `${R}/labels`,
    status: 201,
    body: { name: "fp:0123456789abcdef", color: "b60205", description: "fingerprint" },
  },
  {
    name: "refuse a duplicate label",
    method: "POST",
    template: "/repos/{owner}/{repo}/labels",
    path: `${R}/labels`,
    status: 422,
    body: { name: "fp:0123456789abcdef" },
  },
  {
    name: "get a label",
    method: "GET",
    template: "/repos/{owner}/{repo}/labels/{name}",
    path: `${R}/labels/fp%3A0123456789abcdef`,
    status: 200,
  },
  {
    name: "list labels",
    method: "GET",
    template: "/repos/{owner}/{repo}/labels",
    path: `${R}/labels`,
    status: 200,
  },
  {
    name: "create an issue",
    method: "POST",
    template: "/repos/{owner}/{repo}/issues",
    path: `${R}/issues`,
    status: 201,
    body: {
      title: "TypeError in parse",
      body: "<!-- crashfix:fingerprint=x -->",
      labels: ["crashfix", "fp:0123456789abcdef", "crash:new"],
    },
  },
  {
    name: "get an issue",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    path: `${R}/issues/1`,
    status: 200,
  },
  {
    name: "list issues by label",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues",
    path: `${R}/issues?labels=fp:0123456789abcdef&state=all`,
    status: 200,
  },
  {
    name: "update an issue",
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    path: `${R}/issues/1`,
    status: 200,
    body: { state: "closed", state_reason: "completed", labels: ["crashfix", "crash:fixed"] },
  },
  {
    name: "add labels to an issue",
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    path: `${R}/issues/1/labels`,
    status: 200,
    body: { labels: ["crash:regressed"] },
  },
  {
    name: "list the labels of an issue",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    path: `${R}/issues/1/labels`,
    status: 200,
  },
  {
    name: "set the labels of an issue",
    method: "PUT",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    path: `${R}/issues/1/labels`,
    status: 200,
    body: { labels: ["crashfix", "crash:regressed"] },
  },
  {
    name: "remove a label from an issue",
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    path: `${R}/issues/1/labels/crash%3Aregressed`,
    status: 200,
  },
  {
    name: "create a comment",
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    path: `${R}/issues/1/comments`,
    status: 201,
    body: { body: "<!-- crashfix:counters -->\n| total | 1 |" },
  },
  {
    name: "list comments",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    path: `${R}/issues/1/comments`,
    status: 200,
  },
  {
    name: "get a comment",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    path: `${R}/issues/comments/1`,
    status: 200,
  },
  {
    name: "update a comment",
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    path: `${R}/issues/comments/1`,
    status: 200,
    body: { body: "<!-- crashfix:counters -->\n| total | 2 |" },
  },
  {
    name: "list the comments of a repository",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments",
    path: `${R}/issues/comments`,
    status: 200,
  },
  {
    name: "create a ref (a claim)",
    method: "POST",
    template: "/repos/{owner}/{repo}/git/refs",
    path: `${R}/git/refs`,
    status: 201,
    body: "claim",
  },
  {
    name: "get a ref",
    method: "GET",
    template: "/repos/{owner}/{repo}/git/ref/{ref}",
    path: `${R}/git/ref/heads/crashfix/claim-1`,
    status: 200,
  },
  {
    name: "list matching refs",
    method: "GET",
    template: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    path: `${R}/git/matching-refs/heads/crashfix`,
    status: 200,
  },
  {
    name: "create a pull request",
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls",
    path: `${R}/pulls`,
    status: 201,
    body: {
      title: "Fix TypeError",
      head: "crashfix/fix-1",
      base: "main",
      body: "Fixes #1",
      draft: true,
    },
  },
  {
    name: "list pull requests by head",
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls",
    path: `${R}/pulls?head=acme:crashfix/fix-1&state=all`,
    status: 200,
  },
  {
    name: "get a pull request",
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    path: `${R}/pulls/2`,
    status: 200,
  },
  {
    name: "close a pull request",
    method: "PATCH",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    path: `${R}/pulls/2`,
    status: 200,
    body: { state: "closed" },
  },
  {
    name: "search issues",
    method: "GET",
    template: "/search/issues",
    path: "/search/issues?q=repo:acme/triage+label:crashfix+TypeError",
    status: 200,
  },
  {
    name: "read the rate limit",
    method: "GET",
    template: "/rate_limit",
    path: "/rate_limit",
    status: 200,
  },
  {
    name: "answer 404 for a missing issue",
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    path: `${R}/issues/999`,
    status: 404,
  },
  {
    name: "answer 422 for an issue without a title",
    method: "POST",
    template: "/repos/{owner}/{repo}/issues",
    path: `${R}/issues`,
    status: 422,
    body: { body: "no title" },
  },
];
