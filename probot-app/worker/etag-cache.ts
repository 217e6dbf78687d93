import type { Octokit } from "@octokit/core";

// Conditional reads: GET responses are remembered with their ETag and sent
// back as If-None-Match; a 304 answers from memory. GitHub does not count a
// 304 against the rate limit
// (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
type Cached = { etag: string; response: unknown };

const MAX_ENTRIES = 2_000;

export function etagCache(octokit: Octokit): { etagHits: () => number } {
  const cache = new Map<string, Cached>();
  let hits = 0;
  octokit.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") return request(options);
    const key = `${options.url}?${JSON.stringify(options)}`;
    const cached = cache.get(key);
    if (cached) options.headers["if-none-match"] = cached.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      cache.delete(key);
      if (etag) {
        cache.set(key, { etag, response });
        if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value ?? "");
      }
      return response;
    } catch (error: unknown) {
      if (cached && (error as { status?: number }).status === 304) {
        hits += 1;
        return cached.response as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
  return { etagHits: () => hits };
}
