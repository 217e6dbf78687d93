import type { Redis } from "ioredis";
import type { IssueSnapshot } from "../worker/github-types.js";
import type { TriageMemo } from "../worker/triage-memo.js";
import type { RedisKeys } from "./redis-keys.js";

type Stored = { issue: IssueSnapshot; readAt: number };

function parse(value: string | null): Stored | undefined {
  if (value === null) return undefined;
  try {
    const stored = JSON.parse(value) as Stored;
    return typeof stored.issue?.number === "number" && typeof stored.readAt === "number"
      ? stored
      : undefined;
  } catch {
    return undefined;
  }
}

// Two hashes: fingerprint -> the issue as last read (with when), and issue
// number -> counters comment id. Writes are not awaited and failures are
// ignored: the memo only saves GitHub calls.
export function createRedisTriageMemo(redis: Redis, keys: RedisKeys): TriageMemo {
  const quietly = (write: Promise<unknown>) => {
    write.catch(() => {});
  };
  return {
    async issue(fingerprint) {
      return parse(await redis.hget(keys.issues, fingerprint).catch(() => null));
    },
    rememberIssue(fingerprint, issue, readAt) {
      quietly(redis.hset(keys.issues, fingerprint, JSON.stringify({ issue, readAt })));
    },
    forgetIssue(fingerprint) {
      quietly(redis.hdel(keys.issues, fingerprint));
    },
    async commentId(issueNumber) {
      const id = await redis.hget(keys.comments, String(issueNumber)).catch(() => null);
      return id === null ? undefined : Number(id);
    },
    rememberCommentId(issueNumber, commentId) {
      quietly(redis.hset(keys.comments, String(issueNumber), String(commentId)));
    },
    forgetCommentId(issueNumber) {
      quietly(redis.hdel(keys.comments, String(issueNumber)));
    },
  };
}
