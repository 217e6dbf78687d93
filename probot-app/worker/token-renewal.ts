import type { TriageOctokit } from "./github-types.js";

/**
 * A new installation token for the flush once GitHub has refused the App's
 * installation (installation-refusal.ts).
 *
 * @octokit/auth-app keeps an installation's token (Probot hands it an LRU
 * cache) and reuses it until shortly before it expires, up to an hour after
 * it was issued. GitHub does not document whether a token issued before the
 * installation is unsuspended, or before it accepts a new permission, gets
 * the fix; if it does not, the cached token would keep the flush refused for
 * up to an hour after the operator fixed the installation. So after a
 * refusal the next pass asks for a new token with the library's own
 * `refresh: true`, which bypasses the cached token and replaces it for every
 * Octokit of the installation
 * (https://github.com/octokit/auth-app.js#installation-authentication),
 * rather than reaching into Probot's cache, which it keeps to itself.
 *
 * Once a pass, before the pass's first flush, for a refusal met in an
 * earlier pass: an installation still refused costs one token request a
 * pass, not one per fingerprint.
 */
export class TokenRenewal {
  #due = false;

  /** GitHub refused the installation: the token in hand may predate the fix. */
  refused(): void {
    this.#due = true;
  }

  /**
   * For one flush pass: call before each fingerprint's flush. The first call
   * asks for a new token if a refusal came since the last one; a request
   * that fails throws, and the next pass asks again.
   */
  forPass(): (octokit: TriageOctokit) => Promise<void> {
    let renew = this.#due;
    return async (octokit) => {
      if (!renew) return;
      renew = false;
      await octokit.auth({ type: "installation", refresh: true });
      // Nothing of this pass was refused yet: this call comes before its first flush.
      this.#due = false;
    };
  }
}
