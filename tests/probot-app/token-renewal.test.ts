// When the flush asks for a new installation token: once a pass, before its
// first flush, after GitHub refused the installation in an earlier pass.
// (Through the real flush and a local GitHub: installation-token-renewal.test.ts.)
import { describe, expect, it, vi } from "vitest";
import type { TriageOctokit } from "../../probot-app/worker/github-types.js";
import { TokenRenewal } from "../../probot-app/worker/token-renewal.js";

function fakeOctokit(answer: () => Promise<unknown> = async () => ({ token: "ghs_new" })) {
  const auth = vi.fn(answer);
  return { octokit: { auth } as unknown as TriageOctokit, auth };
}

describe("the flush's installation token renewal", () => {
  it("asks for no token while nothing was refused", async () => {
    const { octokit, auth } = fakeOctokit();
    const renewal = new TokenRenewal();
    const renew = renewal.forPass();
    await renew(octokit);
    await renew(octokit);
    expect(auth).not.toHaveBeenCalled();
  });

  it("after a refusal, asks for one fresh token in the next pass, however many flushes it makes", async () => {
    const { octokit, auth } = fakeOctokit();
    const renewal = new TokenRenewal();
    renewal.refused();
    const renew = renewal.forPass();
    for (let i = 0; i < 5; i += 1) await renew(octokit);
    expect(auth.mock.calls).toEqual([[{ type: "installation", refresh: true }]]);
    // Renewed, and not refused since: the pass after asks for nothing.
    await renewal.forPass()(octokit);
    expect(auth).toHaveBeenCalledTimes(1);
  });

  it("leaves a refusal met during a pass to the next pass", async () => {
    const { octokit, auth } = fakeOctokit();
    const renewal = new TokenRenewal();
    const renew = renewal.forPass();
    await renew(octokit);
    renewal.refused();
    await renew(octokit);
    expect(auth).not.toHaveBeenCalled();
    await renewal.forPass()(octokit);
    expect(auth).toHaveBeenCalledTimes(1);
  });

  it("throws GitHub's refusal of the new token, and asks again in the next pass, not the same one", async () => {
    const suspended = Object.assign(new Error("This installation has been suspended"), {
      status: 403,
    });
    const { octokit, auth } = fakeOctokit(() => Promise.reject(suspended));
    const renewal = new TokenRenewal();
    renewal.refused();
    const renew = renewal.forPass();
    await expect(renew(octokit)).rejects.toBe(suspended);
    await renew(octokit);
    expect(auth).toHaveBeenCalledTimes(1);
    await expect(renewal.forPass()(octokit)).rejects.toBe(suspended);
    expect(auth).toHaveBeenCalledTimes(2);
  });
});
