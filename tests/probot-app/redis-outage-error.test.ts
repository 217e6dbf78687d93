// Which flush failures are part of a Redis outage (logged once by the
// outage log, so the flush adds no line) and which are the flush's own.
import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { LeaseUnrenewedError } from "../../probot-app/redis/fingerprint-lock.js";
import { isPartOfRedisOutage } from "../../probot-app/redis/redis-outage-error.js";

const httpError = new RequestError("Server Error", 502, {
  request: { method: "PATCH", url: "https://api.github.com/x", headers: {} },
});

describe("isPartOfRedisOutage", () => {
  it.each([
    [
      "the flush lock given up when Redis did not answer its renewals",
      true,
      new LeaseUnrenewedError("k"),
    ],
    ["a command on a closed connection", true, new Error("Connection is closed.")],
    ["a command that timed out", true, new Error("Command timed out")],
    [
      "the flush lock held past CRASHFIX_FLUSH_TIMEOUT_MS",
      false,
      new DOMException(
        "gave up the flush lock of k: held for 1 ms (CRASHFIX_FLUSH_TIMEOUT_MS)",
        "AbortError",
      ),
    ],
    ["GitHub answering 502", false, httpError],
  ])("says whether %s is part of a Redis outage (%s)", (_case, expected, error) => {
    expect(isPartOfRedisOutage(error)).toBe(expected);
  });
});
