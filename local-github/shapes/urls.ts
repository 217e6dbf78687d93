/** Where the server answers: `web` for html_url and git, `api` for every `url` field. */
export type Urls = { web: string; api: string };

export const repoApiUrl = (urls: Urls, owner: string, name: string): string =>
  `${urls.api}/repos/${owner}/${name}`;

export const repoWebUrl = (urls: Urls, owner: string, name: string): string =>
  `${urls.web}/${owner}/${name}`;

/** GitHub's opaque global ids; any stable string will do for clients. */
export const nodeId = (prefix: string, id: number): string =>
  `${prefix}_${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
