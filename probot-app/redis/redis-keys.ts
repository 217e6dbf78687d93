import type { RepoRef } from "../worker/github-types.js";

// Every key the Redis spool uses, named once. All share one hash tag, the
// triage repo, so the Lua scripts that touch several of them (and the
// per-fingerprint keys they derive) stay on one slot of a Redis Cluster, and
// two triage repos can share one Redis.
export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(repo: RepoRef) {
  const base = `crashfix:{${repo.owner}/${repo.repo}}:`;
  return {
    base,
    // Accepted reports, appended by POST /v1/crash (fields f, r, t).
    intake: `${base}intake`,
    // The consumer group every flusher reads the intake through.
    group: "crashfix-flush",
    // Accepted and not yet counted, intake and per-fingerprint streams alike.
    depth: `${base}depth`,
    // Fingerprints with reports waiting, scored by when they may flush next.
    due: `${base}due`,
    // Consecutive flush failures per fingerprint (backoff).
    failures: `${base}failures`,
    // Reports of one fingerprint, sorted out of the intake.
    fingerprintPrefix: `${base}fp:`,
    reports: (fingerprint: string) => `${base}fp:${fingerprint}`,
    // Report ids seen for one fingerprint, scored by when they expire.
    reportIds: (fingerprint: string) => `${base}ids:${fingerprint}`,
    // The batch being written to GitHub for one fingerprint.
    openBatch: (fingerprint: string) => `${base}open:${fingerprint}`,
    flushLock: (fingerprint: string) => `${base}lock:${fingerprint}`,
    // Fingerprint -> its issue as last read; issue -> counters comment id.
    issues: `${base}issues`,
    comments: `${base}comments`,
    // Shared windows of GitHub writes and of new triage issues.
    writes: `${base}writes`,
    newIssues: `${base}new-issues`,
    // Rate-limit buckets of client addresses and projects (HMAC-keyed).
    rateLimits: `${base}rate:`,
    // Bottleneck limiter ids (it names its own keys after them).
    throttleId: `crashfix-${repo.owner}/${repo.repo}`,
  };
}
