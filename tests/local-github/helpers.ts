import type { LocalGitHub, LocalGitHubOptions } from "../../local-github/index.js";
import { startLocalGitHub } from "../../local-github/index.js";
import { tempFolder } from "../helpers/temp-folders.js";

export const tempDir = async (prefix = "crashfix-lg-"): Promise<string> => tempFolder(prefix);

/**
 * An Octokit `log` that prints nothing. Octokit prints each failed request to
 * stderr, where a failure a test expects reads as a failed test; one it does
 * not expect still reaches the test as the RequestError the call throws.
 */
export const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * A fresh server on a fresh data dir with one repository. Secondary limits are
 * off unless a test asks for them, so unrelated tests never trip them.
 */
export async function startTestGitHub(
  options: Partial<LocalGitHubOptions> = {},
): Promise<LocalGitHub> {
  return startLocalGitHub({
    dataDir: options.dataDir ?? (await tempDir()),
    repos: ["acme/triage"],
    limits: { secondary: { perMinute: 0, perHour: 0 } },
    ...options,
  });
}

export type ApiAnswer = { status: number; headers: Headers; body: unknown; text: string };

/** Raw HTTP against the API, for status codes and headers Octokit would hide. */
/** `token: null` sends no Authorization header. */
export function apiClient(gh: LocalGitHub, token: string | null = gh.token) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> => {
    const response = await fetch(`${gh.apiUrl}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        ...(token ? { authorization: `token ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === "string" ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}
