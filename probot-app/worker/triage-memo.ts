import type { IssueSnapshot } from "./github-types.js";

// What one flusher learned about the triage repo (a fingerprint's issue, an
// issue's counters comment), shared with the other instances through Redis
// so that a fingerprint flushed by another instance next costs it no
// lookup. A cache: a miss or an unreachable Redis only means asking GitHub.
export type TriageMemo = {
  issue(fingerprint: string): Promise<{ issue: IssueSnapshot; readAt: number } | undefined>;
  rememberIssue(fingerprint: string, issue: IssueSnapshot, readAt: number): void;
  forgetIssue(fingerprint: string): void;
  commentId(issueNumber: number): Promise<number | undefined>;
  rememberCommentId(issueNumber: number, commentId: number): void;
  forgetCommentId(issueNumber: number): void;
};
