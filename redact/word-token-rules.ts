/**
 * Credentials without a literal prefix, recognised by their structure. Each
 * pattern starts with a negative lookbehind for its own leading class, so an
 * attempt starts only where a run of that class starts, and every quantifier
 * is bounded or followed by nothing it could trade characters with. Each
 * rule is tried only where its anchor, a short pattern that starts with two
 * fixed characters or classes, occurs; the token scan finds every anchor in
 * its one pass over the text (scan-tokens.ts). The engine cannot skip ahead
 * to a literal that follows a long character class, and trying the class at
 * every position made these rules the slowest stage.
 */
export interface WordTokenRule {
  readonly id: string;
  readonly kind: string;
  readonly pattern: RegExp;
  /**
   * What every match holds, as a regex source that starts with a literal.
   * With `offset`, it sits that many characters into the match, and the rule
   * is tried only there; without, the rule's regex runs over a text that
   * holds the anchor. Anchors of different rules never match at one position.
   */
  readonly anchor: { readonly source: string; readonly offset?: number };
}

export const WORD_TOKEN_RULES: readonly WordTokenRule[] = [
  {
    id: "discord-webhook",
    kind: "DISCORD_WEBHOOK",
    pattern: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{5,30}\/[A-Za-z0-9_-]{20,}/g,
    anchor: { source: "discord", offset: 0 },
  },
  {
    // Telegram bot token: numeric bot id, colon, 35 characters starting "AA".
    id: "telegram-bot-token",
    kind: "TELEGRAM_TOKEN",
    pattern: /(?<![0-9])[0-9]{6,12}:AA[A-Za-z0-9_-]{30,}/g,
    anchor: { source: ":AA" },
  },
  {
    // Azure AD (Entra) client secret: 3 chars, a digit, "Q~", then 31-34 chars.
    id: "azure-client-secret",
    kind: "AZURE_SECRET",
    pattern: /(?<![A-Za-z0-9~])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9~])/g,
    anchor: { source: "Q~", offset: 4 },
  },
  {
    // Mailchimp API key: 32 hex, "-us", data-centre number.
    id: "mailchimp-key",
    kind: "MAILCHIMP_KEY",
    pattern: /(?<![0-9a-f])[0-9a-f]{32}-us[0-9]{1,2}(?![0-9])/g,
    anchor: { source: "-us[0-9]", offset: 32 },
  },
  {
    // Mailgun private API key: 32 hex, then two groups of 8 hex (a UUID is 8-4-4-4-12).
    id: "mailgun-private-key",
    kind: "MAILGUN_KEY",
    pattern:
      /(?<![0-9a-f])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![0-9a-f]|-[0-9a-f]+(?![A-Za-z0-9]))/g,
    anchor: { source: "-[0-9a-f]{8}-[0-9a-f]{8}", offset: 32 },
  },
  {
    // New Relic license (ingest) key: 36 characters ending in "NRAL".
    id: "new-relic-license-key",
    kind: "NEW_RELIC_KEY",
    pattern: /(?<![A-Za-z0-9])[a-z0-9]{6}[a-f0-9]{30}NRAL(?![A-Za-z0-9])/g,
    anchor: { source: "NRAL", offset: 36 },
  },
  {
    // Azure DevOps PAT (2024 format): 52 characters, "JQQJ9" signature, "AZDO" at 76.
    id: "azure-devops-pat",
    kind: "AZURE_DEVOPS_PAT",
    pattern:
      /(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{19}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])/g,
    anchor: { source: "JQQJ9", offset: 52 },
  },
  {
    // Firebase Cloud Messaging legacy server key: "AAAA", 7 characters, ":APA91b", 134.
    id: "firebase-fcm-server-key",
    kind: "FIREBASE_KEY",
    pattern: /(?<![A-Za-z0-9])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,}/g,
    anchor: { source: ":APA91b", offset: 11 },
  },
  {
    // Terraform Cloud / HCP API token: 14 characters, ".atlasv1.", 60+ characters.
    id: "terraform-cloud-token",
    kind: "TERRAFORM_TOKEN",
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}/g,
    anchor: { source: "\\.atlasv1\\.", offset: 14 },
  },
];
