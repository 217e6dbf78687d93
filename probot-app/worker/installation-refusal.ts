import { statusOfError } from "./github-types.js";

// What an operator does about each state of the App's installation that
// stops filing; the triage repo check says the same.
export const UNSUSPEND_FIX =
  "unsuspend it in the installation's settings (the organisation's or account's GitHub Apps)";
export const ISSUES_WRITE_FIX =
  "give the App Issues: Read and write in its settings, then accept the new permission on its installation";

/** GitHub refused the App's installation itself, not this one request: what it is and the fix. */
export type InstallationRefusal = { why: string; fix: string; github: string };

/**
 * The refusal, when a GitHub error is about the App's installation rather
 * than one request. GitHub answers both with 403 and says which in its
 * message: a suspended installation gets no token and its tokens are
 * refused (https://docs.github.com/apps/maintaining-github-apps/suspending-a-github-app-installation),
 * and a token without the permission a call needs gets "Resource not
 * accessible by integration"; every call the flush makes needs Issues
 * (https://docs.github.com/rest/authentication/permissions-required-for-github-apps).
 */
export function installationRefusal(error: unknown): InstallationRefusal | undefined {
  if (statusOfError(error) !== 403) return undefined;
  const github = messageOf(error);
  if (github === undefined) return undefined;
  if (/^This installation has been suspended/i.test(github)) {
    return { why: "the App's installation is suspended", fix: UNSUSPEND_FIX, github };
  }
  if (/^Resource not accessible by integration/i.test(github)) {
    return {
      why: "the App's installation lacks the Issues write permission the flush needs",
      fix: ISSUES_WRITE_FIX,
      github,
    };
  }
  return undefined;
}

// GitHub's own words, from the answer's body (Octokit's message adds the
// documentation URL).
function messageOf(error: unknown): string | undefined {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const message = (data as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}
