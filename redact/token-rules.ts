/**
 * Provider credentials recognised by their own shape: a literal prefix the
 * provider puts on every token, then a run of the token's alphabet. Sources:
 * the gitleaks default rule set (config/gitleaks.toml), secretlint's
 * recommended preset, detect-secrets' plugins and the providers' own docs
 * (e.g. https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
 *
 * Each rule is data, scanned by one hand-written pass (scan-tokens.ts) so the
 * cost is linear in the input; `tokenRulePattern` gives the equivalent regex,
 * which the ReDoS test checks and tests/redact/token-rules.test.ts holds the scanner to.
 */
export interface TokenRule {
  /** Stable rule id (kebab-case), listed in redact/README.md. */
  readonly id: string;
  /** Replacement class: the text becomes `[REDACTED:<kind>]`. */
  readonly kind: string;
  /** Literal prefixes (case-sensitive, at least two characters). */
  readonly prefixes: readonly string[];
  /** Alphabet of the part after the prefix, in regex class syntax. */
  readonly body: string;
  /** Fewest body characters for a match. */
  readonly min: number;
  /** When set, the body is at most this long and must not run on into a letter or digit. */
  readonly max?: number;
  /** Require a word boundary before the prefix (short or common prefixes). */
  readonly boundary?: boolean;
  /** Extra check on the whole match (prefix + body); false keeps the text. */
  readonly check?: (token: string) => boolean;
}

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
const hasDigitAndLetter = (s: string): boolean => /[0-9]/.test(s) && /[A-Za-z]/.test(s);

const B64URL = "A-Za-z0-9_-";
const ALNUM = "A-Za-z0-9";
const HEX = "a-fA-F0-9";

export const TOKEN_RULES: readonly TokenRule[] = [
  // Anthropic before OpenAI: both start with sk-.
  { id: "anthropic-key", kind: "ANTHROPIC_KEY", prefixes: ["sk-ant-"], body: B64URL, min: 20 },
  {
    id: "openai-key",
    kind: "OPENAI_KEY",
    prefixes: ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-", "sk-or-v1-", "sk-"],
    body: B64URL,
    min: 20,
    boundary: true,
    check: hasDigitAndLetter,
  },
  {
    id: "github-pat-fine-grained",
    kind: "GITHUB_TOKEN",
    prefixes: ["github_pat_"],
    body: "A-Za-z0-9_",
    min: 22,
  },
  {
    id: "github-token",
    kind: "GITHUB_TOKEN",
    prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    body: ALNUM,
    min: 30,
  },
  {
    id: "gitlab-token",
    kind: "GITLAB_TOKEN",
    prefixes: [
      "glpat-",
      "glptt-",
      "gldt-",
      "glrt-",
      "gloas-",
      "glcbt-",
      "glft-",
      "glimt-",
      "glagent-",
      "glsoat-",
      "glffct-",
      "GR1348941",
    ],
    body: "A-Za-z0-9_.-",
    min: 20,
  },
  {
    id: "slack-token",
    kind: "SLACK_TOKEN",
    prefixes: [
      "xoxb-",
      "xoxp-",
      "xoxa-",
      "xoxo-",
      "xoxs-",
      "xoxr-",
      "xoxe-",
      "xoxe.xoxp-",
      "xapp-",
    ],
    body: "A-Za-z0-9-",
    min: 10,
  },
  {
    id: "slack-webhook",
    kind: "SLACK_WEBHOOK",
    prefixes: [
      "hooks.slack.com/services/",
      "hooks.slack.com/workflows/",
      "hooks.slack.com/triggers/",
    ],
    body: "A-Za-z0-9/_+-",
    min: 10,
  },
  {
    id: "aws-access-key-id",
    kind: "AWS_ACCESS_KEY_ID",
    prefixes: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    body: "A-Z2-7",
    min: 16,
    max: 17,
    boundary: true,
  },
  { id: "google-api-key", kind: "GOOGLE_API_KEY", prefixes: ["AIza"], body: B64URL, min: 30 },
  {
    id: "google-oauth-token",
    kind: "GOOGLE_OAUTH_TOKEN",
    prefixes: ["ya29."],
    body: B64URL,
    min: 20,
  },
  {
    id: "google-oauth-secret",
    kind: "GOOGLE_OAUTH_SECRET",
    prefixes: ["GOCSPX-"],
    body: B64URL,
    min: 20,
  },
  {
    id: "google-refresh-token",
    kind: "GOOGLE_OAUTH_TOKEN",
    prefixes: ["1//0"],
    body: B64URL,
    min: 30,
    boundary: true,
  },
  {
    id: "stripe-key",
    kind: "STRIPE_KEY",
    prefixes: ["sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_", "whsec_"],
    body: ALNUM,
    min: 10,
  },
  {
    id: "twilio-api-key",
    kind: "TWILIO_KEY",
    prefixes: ["SK"],
    body: HEX,
    min: 32,
    max: 32,
    boundary: true,
  },
  {
    id: "sendgrid-key",
    kind: "SENDGRID_KEY",
    prefixes: ["SG."],
    body: "A-Za-z0-9_.-",
    min: 40,
    boundary: true,
  },
  { id: "npm-token", kind: "NPM_TOKEN", prefixes: ["npm_"], body: ALNUM, min: 36, boundary: true },
  { id: "pypi-token", kind: "PYPI_TOKEN", prefixes: ["pypi-AgE"], body: B64URL, min: 50 },
  {
    id: "huggingface-token",
    kind: "HUGGINGFACE_TOKEN",
    prefixes: ["hf_", "api_org_"],
    body: ALNUM,
    min: 30,
    boundary: true,
    check: hasDigitAndLetter,
  },
  {
    id: "digitalocean-token",
    kind: "DIGITALOCEAN_TOKEN",
    prefixes: ["dop_v1_", "doo_v1_", "dor_v1_"],
    body: HEX,
    min: 64,
  },
  {
    id: "shopify-token",
    kind: "SHOPIFY_TOKEN",
    prefixes: ["shpat_", "shpca_", "shppa_", "shpss_"],
    body: HEX,
    min: 32,
  },
  {
    id: "databricks-token",
    kind: "DATABRICKS_TOKEN",
    prefixes: ["dapi"],
    body: "a-h0-9-",
    min: 32,
    boundary: true,
    check: hasDigit,
  },
  {
    id: "vault-token",
    kind: "VAULT_TOKEN",
    prefixes: ["hvs.", "hvb.", "hvr."],
    body: B64URL,
    min: 24,
    boundary: true,
  },
  {
    id: "doppler-token",
    kind: "DOPPLER_TOKEN",
    prefixes: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
    body: ALNUM,
    min: 40,
  },
  { id: "postman-key", kind: "POSTMAN_KEY", prefixes: ["PMAK-"], body: "A-Za-z0-9-", min: 40 },
  {
    id: "pulumi-token",
    kind: "PULUMI_TOKEN",
    prefixes: ["pul-"],
    body: HEX,
    min: 40,
    boundary: true,
  },
  { id: "linear-key", kind: "LINEAR_KEY", prefixes: ["lin_api_"], body: ALNUM, min: 40 },
  {
    id: "sentry-token",
    kind: "SENTRY_TOKEN",
    prefixes: ["sntrys_", "sntryu_"],
    body: "A-Za-z0-9_=+/-",
    min: 30,
  },
  {
    id: "grafana-token",
    kind: "GRAFANA_TOKEN",
    prefixes: ["glc_", "glsa_"],
    body: "A-Za-z0-9+/=_-",
    min: 32,
    boundary: true,
  },
  {
    id: "atlassian-token",
    kind: "ATLASSIAN_TOKEN",
    prefixes: ["ATATT3", "ATBB"],
    body: "A-Za-z0-9_=.-",
    min: 32,
  },
  {
    id: "docker-hub-token",
    kind: "DOCKER_TOKEN",
    prefixes: ["dckr_pat_", "dckr_oat_"],
    body: B64URL,
    min: 20,
  },
  { id: "figma-token", kind: "FIGMA_TOKEN", prefixes: ["figd_"], body: B64URL, min: 30 },
  {
    id: "new-relic-key",
    kind: "NEW_RELIC_KEY",
    prefixes: ["NRAK-", "NRJS-", "NRII-"],
    body: "A-Za-z0-9",
    min: 20,
  },
  {
    id: "supabase-token",
    kind: "SUPABASE_TOKEN",
    prefixes: ["sbp_", "sb_secret_"],
    body: "A-Za-z0-9_-",
    min: 30,
  },
  {
    id: "planetscale-token",
    kind: "PLANETSCALE_TOKEN",
    prefixes: ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"],
    body: "A-Za-z0-9_.=-",
    min: 32,
  },
  {
    id: "flyio-token",
    kind: "FLYIO_TOKEN",
    prefixes: ["fo1_", "fm1r_", "fm2_"],
    body: "A-Za-z0-9_+/=-",
    min: 30,
  },
  {
    id: "replicate-token",
    kind: "REPLICATE_TOKEN",
    prefixes: ["r8_"],
    body: ALNUM,
    min: 30,
    boundary: true,
  },
  { id: "groq-key", kind: "GROQ_KEY", prefixes: ["gsk_"], body: ALNUM, min: 40, boundary: true },
  { id: "xai-key", kind: "XAI_KEY", prefixes: ["xai-"], body: ALNUM, min: 60, boundary: true },
  { id: "perplexity-key", kind: "PERPLEXITY_KEY", prefixes: ["pplx-"], body: ALNUM, min: 40 },
  {
    id: "langsmith-key",
    kind: "LANGSMITH_KEY",
    prefixes: ["lsv2_pt_", "lsv2_sk_"],
    body: "A-Za-z0-9_",
    min: 32,
  },
  {
    id: "age-secret-key",
    kind: "AGE_SECRET_KEY",
    prefixes: ["AGE-SECRET-KEY-1"],
    body: "0-9A-Z",
    min: 50,
  },
  {
    id: "mailgun-key",
    kind: "MAILGUN_KEY",
    prefixes: ["key-"],
    body: HEX,
    min: 32,
    max: 32,
    boundary: true,
  },
  {
    id: "square-token",
    kind: "SQUARE_TOKEN",
    prefixes: ["sq0atp-", "sq0csp-", "EAAA"],
    body: "A-Za-z0-9_+=-",
    min: 22,
    boundary: true,
    check: hasDigit,
  },
  {
    id: "twitter-bearer",
    kind: "TWITTER_TOKEN",
    prefixes: ["AAAAAAAAAAAAAAAAAAAAA"],
    body: "A-Za-z0-9%",
    min: 30,
  },
  { id: "heroku-token", kind: "HEROKU_TOKEN", prefixes: ["HRKU-"], body: B64URL, min: 30 },
  { id: "netlify-token", kind: "NETLIFY_TOKEN", prefixes: ["nfp_"], body: ALNUM, min: 30 },
  {
    id: "render-token",
    kind: "RENDER_TOKEN",
    prefixes: ["rnd_"],
    body: ALNUM,
    min: 30,
    boundary: true,
  },
  {
    id: "vercel-token",
    kind: "VERCEL_TOKEN",
    prefixes: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
    body: ALNUM,
    min: 24,
    boundary: true,
  },
  { id: "contentful-token", kind: "CONTENTFUL_TOKEN", prefixes: ["CFPAT-"], body: B64URL, min: 40 },
  {
    id: "dynatrace-token",
    kind: "DYNATRACE_TOKEN",
    prefixes: ["dt0c01."],
    body: "A-Z0-9.",
    min: 80,
  },
  {
    id: "shippo-token",
    kind: "SHIPPO_TOKEN",
    prefixes: ["shippo_live_", "shippo_test_"],
    body: HEX,
    min: 40,
  },
  {
    id: "flutterwave-key",
    kind: "FLUTTERWAVE_KEY",
    prefixes: ["FLWSECK_TEST-", "FLWSECK-"],
    body: "a-hA-H0-9-",
    min: 32,
  },
  { id: "easypost-key", kind: "EASYPOST_KEY", prefixes: ["EZAK", "EZTK"], body: ALNUM, min: 54 },
  {
    id: "typeform-token",
    kind: "TYPEFORM_TOKEN",
    prefixes: ["tfp_"],
    body: "A-Za-z0-9_=.-",
    min: 40,
  },
  { id: "prefect-key", kind: "PREFECT_KEY", prefixes: ["pnu_"], body: ALNUM, min: 36 },
  { id: "readme-key", kind: "README_KEY", prefixes: ["rdme_"], body: "a-z0-9", min: 70 },
  { id: "rubygems-key", kind: "RUBYGEMS_KEY", prefixes: ["rubygems_"], body: HEX, min: 48 },
  {
    id: "brevo-key",
    kind: "BREVO_KEY",
    prefixes: ["xkeysib-", "xsmtpsib-"],
    body: "A-Za-z0-9-",
    min: 64,
  },
  {
    id: "alibaba-key-id",
    kind: "ALIBABA_KEY_ID",
    prefixes: ["LTAI"],
    body: ALNUM,
    min: 20,
    max: 24,
    boundary: true,
  },
  {
    id: "notion-token",
    kind: "NOTION_TOKEN",
    prefixes: ["ntn_", "secret_"],
    body: ALNUM,
    min: 40,
    boundary: true,
    check: hasDigitAndLetter,
  },
  {
    id: "onepassword-token",
    kind: "ONEPASSWORD_TOKEN",
    prefixes: ["ops_eyJ"],
    body: "A-Za-z0-9+/=_-",
    min: 60,
  },
  {
    id: "mapbox-secret",
    kind: "MAPBOX_TOKEN",
    prefixes: ["sk.eyJ"],
    body: "A-Za-z0-9._-",
    min: 40,
  },
  {
    id: "sourcegraph-token",
    kind: "SOURCEGRAPH_TOKEN",
    prefixes: ["sgp_"],
    body: "A-Za-z0-9_",
    min: 40,
  },
  { id: "buildkite-token", kind: "BUILDKITE_TOKEN", prefixes: ["bkua_"], body: HEX, min: 40 },
  {
    id: "circleci-token",
    kind: "CIRCLECI_TOKEN",
    prefixes: ["CCIPAT_", "CCIPRJ_"],
    body: "A-Za-z0-9_",
    min: 30,
  },
  {
    id: "nuget-key",
    kind: "NUGET_KEY",
    prefixes: ["oy2"],
    body: "a-z0-9",
    min: 43,
    max: 43,
    boundary: true,
  },
  {
    id: "frameio-token",
    kind: "FRAMEIO_TOKEN",
    prefixes: ["fio-u-"],
    body: "A-Za-z0-9_=-",
    min: 60,
  },
  { id: "clojars-token", kind: "CLOJARS_TOKEN", prefixes: ["CLOJARS_"], body: "a-z0-9", min: 60 },
  {
    id: "cloudflare-origin-ca",
    kind: "CLOUDFLARE_KEY",
    prefixes: ["v1.0-"],
    body: "a-f0-9-",
    min: 150,
    boundary: true,
  },
  {
    // HashiCorp Vault legacy service token: "s." and 24 mixed-case letters and digits.
    id: "vault-legacy-token",
    kind: "VAULT_TOKEN",
    prefixes: ["s."],
    body: ALNUM,
    min: 24,
    max: 24,
    boundary: true,
    check: (token) => /[0-9]/.test(token) && /[A-Z]/.test(token) && /[a-z]/.test(token.slice(2)),
  },
  {
    // Discord bot token: base64 of a numeric user id (so it starts M/N/O then D/T/j/z),
    // a timestamp and an HMAC, dot-separated.
    id: "discord-bot-token",
    kind: "DISCORD_TOKEN",
    prefixes: ["MD", "MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT", "Oj", "Oz"],
    body: "A-Za-z0-9_.-",
    min: 55,
    boundary: true,
    check: isDiscordShape,
  },
  // JSON Web Tokens (RFC 7519): base64url header "{" + '"' always encodes as eyJ.
  {
    id: "jwt",
    kind: "JWT",
    prefixes: ["eyJ"],
    body: "A-Za-z0-9_.-",
    min: 20,
    boundary: true,
    check: isJwtShape,
  },
];

const DISCORD_SHAPE = /^[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}$/;

function isDiscordShape(token: string): boolean {
  return token.length <= 80 && DISCORD_SHAPE.test(token);
}

/** Header.payload[.signature...]: at least two dot-separated parts, the second also JSON. */
function isJwtShape(token: string): boolean {
  const firstDot = token.indexOf(".");
  return firstDot >= 10 && token.startsWith("eyJ", firstDot + 1) && token.length - firstDot > 10;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** The regex equivalent of a rule (what the scanner matches), for ReDoS checks and tests. */
export function tokenRulePattern(rule: TokenRule): RegExp {
  const before = rule.boundary ? "(?<![A-Za-z0-9])" : "";
  const prefixes = rule.prefixes.map(escapeLiteral).join("|");
  const body =
    rule.max === undefined
      ? `[${rule.body}]{${rule.min},}`
      : `[${rule.body}]{${rule.min},${rule.max}}(?![A-Za-z0-9])`;
  return new RegExp(`${before}(?:${prefixes})${body}`, "g");
}
