import type { FaultRuleInput, InstallationInput, LimitsInput } from "./options.js";
import type { StatsSnapshot } from "./stats.js";

/** A running local GitHub, as startLocalGitHub hands it to its caller. */
export type LocalGitHub = {
  /** e.g. http://127.0.0.1:PORT (the web root, like a GitHub Enterprise Server host). */
  serverUrl: string;
  /** serverUrl + "/api/v3": Octokit's baseUrl. */
  apiUrl: string;
  /** A personal token accepted for REST and git (basic auth `x-access-token:<token>`). */
  token: string;
  /** The local GitHub App, generated on first start and persisted in the data dir. */
  app: {
    appId: number;
    privateKey: string;
    webhookSecret: string;
    installationId: number;
    slug: string;
    clientId: string;
  };
  /** Path of the JSON file holding the App credentials (for the ingest to read). */
  appCredentialsPath: string;
  dataDir: string;
  /** serverUrl + "/owner/name.git" */
  gitUrl(fullName: string): string;
  createRepo(fullName: string, options?: { private?: boolean }): Promise<void>;
  setFaults(rules: FaultRuleInput[]): void;
  setLimits(limits: LimitsInput): void;
  /**
   * Suspends or unsuspends the App's installation, or changes its permissions
   * (`{ suspended: true }`, `{ permissions: { issues: "read" } }`); what the
   * input does not name stays as it is.
   */
  setInstallation(installation: InstallationInput): void;
  /** Sends the App's webhook events (issues, issue_comment, pull_request) here; undefined stops them. */
  setWebhookUrl(url: string | undefined): void;
  /** Resolves when every queued webhook delivery has been attempted. */
  webhooksIdle(): Promise<void>;
  stats(): StatsSnapshot;
  close(): Promise<void>;
};
