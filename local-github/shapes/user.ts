import type { Urls } from "./urls.js";
import { nodeId } from "./urls.js";

/** A stable numeric id for a login, so the same user always has the same id. */
export function userId(login: string): number {
  let hash = 7;
  for (let i = 0; i < login.length; i++) hash = (hash * 31 + login.charCodeAt(i)) % 2_000_000_000;
  return hash + 1;
}

const rendered = new Map<string, ReturnType<typeof buildUser>>();

/** GitHub's `simple-user` shape (memoised: the same few logins appear on every issue). */
export function renderUser(urls: Urls, login: string, type: string) {
  const key = `${urls.api}\n${login}\n${type}`;
  let user = rendered.get(key);
  if (!user) {
    if (rendered.size > 1000) rendered.clear();
    user = buildUser(urls, login, type);
    rendered.set(key, user);
  }
  return user;
}

function buildUser(urls: Urls, login: string, type: string) {
  const api = `${urls.api}/users/${encodeURIComponent(login)}`;
  const id = userId(login);
  return {
    login,
    id,
    node_id: nodeId("U", id),
    avatar_url: `${urls.web}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.web}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}
