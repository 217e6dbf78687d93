import type { CommentsStore } from "./comments-store.js";
import { createCommentsStore } from "./comments-store.js";
import type { IssuesStore } from "./issues-store.js";
import { createIssuesStore } from "./issues-store.js";
import type { LabelsStore } from "./labels-store.js";
import { createLabelsStore } from "./labels-store.js";
import type { Db } from "./open-store.js";
import type { ReposStore } from "./repos-store.js";
import { createReposStore } from "./repos-store.js";
import type { TokensStore } from "./tokens-store.js";
import { createTokensStore } from "./tokens-store.js";

export type Store = {
  db: Db;
  repos: ReposStore;
  issues: IssuesStore;
  labels: LabelsStore;
  comments: CommentsStore;
  tokens: TokensStore;
};

export function createStore(db: Db, now: () => number): Store {
  return {
    db,
    repos: createReposStore(db, now),
    issues: createIssuesStore(db, now),
    labels: createLabelsStore(db),
    comments: createCommentsStore(db, now),
    tokens: createTokensStore(db),
  };
}
