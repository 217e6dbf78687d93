import { createCommentsStore } from "./comments-store.js";
import { createIssuesStore } from "./issues-store.js";
import { createLabelsStore } from "./labels-store.js";
import type { Db } from "./open-store.js";
import { createReposStore } from "./repos-store.js";
import { createTokensStore } from "./tokens-store.js";

export type Store = ReturnType<typeof createStore>;

export function createStore(db: Db, now: () => number) {
  return {
    db,
    repos: createReposStore(db, now),
    issues: createIssuesStore(db, now),
    labels: createLabelsStore(db),
    comments: createCommentsStore(db, now),
    tokens: createTokensStore(db),
  };
}
