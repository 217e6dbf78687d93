import type { URLSearchParams } from "node:url";
import { ApiError } from "../errors.js";

export type Page = { perPage: number; page: number; limit: number; offset: number };

// https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
// per_page defaults to 30 and is capped at 100.
export function readPage(query: URLSearchParams): Page {
  const perPage = clampInt(query.get("per_page"), 30, "per_page");
  const page = clampInt(query.get("page"), 1, "page");
  const capped = Math.min(Math.max(perPage, 1), 100);
  return { perPage: capped, page, limit: capped, offset: (page - 1) * capped };
}

function clampInt(raw: string | null, fallback: number, name: string): number {
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,9}$/.test(raw))
    throw new ApiError(422, `Invalid value for parameter ${name}: ${JSON.stringify(raw)}`);
  const value = Number(raw);
  return value < 1 ? fallback : value;
}

/** The `Link` header with next/last/first/prev, absolute URLs as GitHub sends them. */
export function linkHeader(requestUrl: URL, page: Page, total: number): string | undefined {
  const last = Math.max(1, Math.ceil(total / page.perPage));
  const links: string[] = [];
  const at = (n: number, rel: string) => {
    const url = new URL(requestUrl);
    url.searchParams.set("per_page", String(page.perPage));
    url.searchParams.set("page", String(n));
    links.push(`<${url.href}>; rel="${rel}"`);
  };
  if (page.page > 1) {
    at(page.page - 1, "prev");
    at(1, "first");
  }
  if (page.page < last) {
    at(page.page + 1, "next");
    at(last, "last");
  }
  return links.length > 0 ? links.join(", ") : undefined;
}
