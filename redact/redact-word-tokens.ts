import { hasTrigger, Trigger } from "./prescan.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * Credentials without a literal prefix, recognised by their structure. Each
 * pattern starts with a negative lookbehind for its own leading class, so an
 * attempt starts only where a run of that class starts (linear on long runs),
 * and every quantifier is bounded. Without its trigger literal in the text
 * the pattern is not run.
 */
export interface WordTokenRule {
  readonly id: string;
  readonly kind: string;
  readonly pattern: RegExp;
  /** The literal every match contains, as a prescan.ts trigger bit. */
  readonly trigger: number;
}

export const WORD_TOKEN_RULES: readonly WordTokenRule[] = [
  {
    id: "discord-webhook",
    kind: "DISCORD_WEBHOOK",
    pattern: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{5,30}\/[A-Za-z0-9_-]{20,}/g,
    trigger: Trigger.DiscordWebhook,
  },
  {
    // Telegram bot token: numeric bot id, colon, 35 characters starting "AA".
    id: "telegram-bot-token",
    kind: "TELEGRAM_TOKEN",
    pattern: /(?<![0-9])[0-9]{6,12}:AA[A-Za-z0-9_-]{30,}/g,
    trigger: Trigger.TelegramToken,
  },
  {
    // Azure AD (Entra) client secret: 3 chars, a digit, "Q~", then 31-34 chars.
    id: "azure-client-secret",
    kind: "AZURE_SECRET",
    pattern:
      /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    trigger: Trigger.AzureSecret,
  },
  {
    // Mailchimp API key: 32 hex, "-us", data-centre number.
    id: "mailchimp-key",
    kind: "MAILCHIMP_KEY",
    pattern: /(?<![0-9a-f])[0-9a-f]{32}-us[0-9]{1,2}(?![0-9])/g,
    trigger: Trigger.MailchimpKey,
  },
  {
    // Terraform Cloud / HCP API token: 14 characters, ".atlasv1.", 60+ characters.
    id: "terraform-cloud-token",
    kind: "TERRAFORM_TOKEN",
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}/g,
    trigger: Trigger.TerraformToken,
  },
];

export function redactWordTokens(text: string, counter: RedactionCounter): string {
  let out = text;
  for (const rule of WORD_TOKEN_RULES) {
    if (!hasTrigger(out, rule.trigger)) continue;
    out = replaceMatches(out, rule.pattern, () => redactionToken(rule.kind), counter);
  }
  return out;
}
