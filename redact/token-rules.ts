/**
 * Provider credentials recognised by their own shape: a literal prefix the
 * provider puts on every token, then a run of the token's alphabet. Sources:
 * the gitleaks default rule set (config/gitleaks.toml), secretlint's
 * recommended preset, detect-secrets' plugins and the providers' own docs
 * (e.g. https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
 *
 * Each rule is data, scanned by one hand-written pass (scan-tokens.ts) so the
 * cost is linear in the input; `tokenRulePattern` gives the equivalent regex,
 * which the ReDoS test checks and tests/redact/token-rules.test.ts holds the
 * scanner to.
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
  /**
   * The exact layout of a token whose parts share the body's alphabet with
   * what can be glued after it (a Discord token followed by "."): a sticky
   * regex tried at the prefix, whose match is the token. Bounded.
   */
  readonly shape?: RegExp;
}

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
const hasDigitAndLetter = (s: string): boolean => /[0-9]/.test(s) && /[A-Za-z]/.test(s);
/** Random letters: a digit, or both cases (Hugging Face tokens are letters only). */
const looksRandom = (s: string): boolean => hasDigit(s) || (/[a-z]/.test(s) && /[A-Z]/.test(s));

/** Discord bot token: id, timestamp and HMAC parts (https://discord.com/developers/docs/reference). */
export const DISCORD_SHAPE =
  /[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9])/y;
/** 1Password Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX (gitleaks 1password-secret-key). */
export const ONEPASSWORD_SHAPE =
  /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})(?:-[A-Z0-9]{5}){3}(?![A-Z0-9])/y;

const B64URL = "A-Za-z0-9_-";
const ALNUM = "A-Za-z0-9";
const HEX = "a-fA-F0-9";

type Options = Pick<TokenRule, "max" | "boundary" | "check" | "shape">;

function rule(
  id: string,
  kind: string,
  prefixes: string[],
  body: string,
  min: number,
  options: Options = {},
): TokenRule {
  return { id, kind, prefixes, body, min, ...options };
}

const AT_WORD: Options = { boundary: true };

// biome-ignore format: a table, one rule per line
export const TOKEN_RULES: readonly TokenRule[] = [
  // Anthropic before OpenAI: both start with sk- (longest prefix wins anyway).
  rule("anthropic-key", "ANTHROPIC_KEY", ["sk-ant-"], B64URL, 20),
  rule("openai-key", "OPENAI_KEY", ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-", "sk-or-v1-", "sk-"], B64URL, 20, { boundary: true, check: hasDigitAndLetter }),
  rule("github-pat-fine-grained", "GITHUB_TOKEN", ["github_pat_"], "A-Za-z0-9_", 22),
  rule("github-token", "GITHUB_TOKEN", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], ALNUM, 30),
  rule("gitlab-token", "GITLAB_TOKEN", ["glpat-", "glptt-", "gldt-", "glrt-", "gloas-", "glcbt-", "glft-", "glimt-", "glagent-", "glsoat-", "glffct-", "GR1348941"], "A-Za-z0-9_.-", 20),
  rule("slack-token", "SLACK_TOKEN", ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xoxe.xoxp-", "xapp-"], "A-Za-z0-9-", 10),
  rule("slack-webhook", "SLACK_WEBHOOK", ["hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/"], "A-Za-z0-9/_+-", 10),
  rule("aws-access-key-id", "AWS_ACCESS_KEY_ID", ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], "A-Z2-7", 16, { max: 17, boundary: true }),
  rule("google-api-key", "GOOGLE_API_KEY", ["AIza"], B64URL, 30),
  rule("google-oauth-token", "GOOGLE_OAUTH_TOKEN", ["ya29."], B64URL, 20),
  rule("google-oauth-secret", "GOOGLE_OAUTH_SECRET", ["GOCSPX-"], B64URL, 20),
  rule("google-refresh-token", "GOOGLE_OAUTH_TOKEN", ["1//0"], B64URL, 30, AT_WORD),
  rule("stripe-key", "STRIPE_KEY", ["sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_", "whsec_"], ALNUM, 10),
  rule("twilio-api-key", "TWILIO_KEY", ["SK"], HEX, 32, { max: 32, boundary: true }),
  rule("sendgrid-key", "SENDGRID_KEY", ["SG."], "A-Za-z0-9_.-", 40, AT_WORD),
  rule("npm-token", "NPM_TOKEN", ["npm_"], ALNUM, 36, AT_WORD),
  rule("pypi-token", "PYPI_TOKEN", ["pypi-AgE"], B64URL, 50),
  rule("huggingface-token", "HUGGINGFACE_TOKEN", ["hf_", "api_org_"], ALNUM, 30, { boundary: true, check: looksRandom }),
  rule("digitalocean-token", "DIGITALOCEAN_TOKEN", ["dop_v1_", "doo_v1_", "dor_v1_"], HEX, 64),
  rule("shopify-token", "SHOPIFY_TOKEN", ["shpat_", "shpca_", "shppa_", "shpss_"], HEX, 32),
  rule("databricks-token", "DATABRICKS_TOKEN", ["dapi"], "a-h0-9-", 32, { boundary: true, check: hasDigit }),
  rule("vault-token", "VAULT_TOKEN", ["hvs.", "hvb.", "hvr."], B64URL, 24, AT_WORD),
  // Doppler: dp.<type>.[<environment>.]<40+ characters>.
  rule("doppler-token", "DOPPLER_TOKEN", ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], "A-Za-z0-9.", 40),
  rule("postman-key", "POSTMAN_KEY", ["PMAK-"], "A-Za-z0-9-", 40),
  rule("pulumi-token", "PULUMI_TOKEN", ["pul-"], HEX, 40, AT_WORD),
  rule("linear-key", "LINEAR_KEY", ["lin_api_"], ALNUM, 40),
  rule("sentry-token", "SENTRY_TOKEN", ["sntrys_", "sntryu_"], "A-Za-z0-9_=+/-", 30),
  // Grafana: Cloud and service-account tokens, and API keys (base64 of `{"k":"`).
  rule("grafana-token", "GRAFANA_TOKEN", ["glc_", "glsa_", "eyJrIjoi"], "A-Za-z0-9+/=_-", 32, AT_WORD),
  rule("atlassian-token", "ATLASSIAN_TOKEN", ["ATATT3", "ATBB"], "A-Za-z0-9_=.-", 32),
  rule("docker-hub-token", "DOCKER_TOKEN", ["dckr_pat_", "dckr_oat_"], B64URL, 20),
  rule("figma-token", "FIGMA_TOKEN", ["figd_"], B64URL, 30),
  rule("new-relic-key", "NEW_RELIC_KEY", ["NRAK-", "NRJS-", "NRII-"], B64URL, 20),
  rule("supabase-token", "SUPABASE_TOKEN", ["sbp_", "sb_secret_"], B64URL, 30),
  rule("planetscale-token", "PLANETSCALE_TOKEN", ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], "A-Za-z0-9_.=-", 32),
  rule("flyio-token", "FLYIO_TOKEN", ["fo1_", "fm1r_", "fm2_"], "A-Za-z0-9_+/=-", 30),
  rule("replicate-token", "REPLICATE_TOKEN", ["r8_"], ALNUM, 30, AT_WORD),
  rule("groq-key", "GROQ_KEY", ["gsk_"], ALNUM, 40, AT_WORD),
  rule("xai-key", "XAI_KEY", ["xai-"], ALNUM, 60, AT_WORD),
  rule("perplexity-key", "PERPLEXITY_KEY", ["pplx-"], ALNUM, 40),
  rule("langsmith-key", "LANGSMITH_KEY", ["lsv2_pt_", "lsv2_sk_"], "A-Za-z0-9_", 32),
  rule("age-secret-key", "AGE_SECRET_KEY", ["AGE-SECRET-KEY-1"], "0-9A-Z", 50),
  rule("mailgun-key", "MAILGUN_KEY", ["key-"], HEX, 32, { max: 32, boundary: true }),
  rule("square-token", "SQUARE_TOKEN", ["sq0atp-", "sq0csp-", "EAAA"], "A-Za-z0-9_+=-", 22, { boundary: true, check: hasDigit }),
  rule("twitter-bearer", "TWITTER_TOKEN", ["AAAAAAAAAAAAAAAAAAAAA"], "A-Za-z0-9%", 30),
  rule("heroku-token", "HEROKU_TOKEN", ["HRKU-"], B64URL, 30),
  rule("netlify-token", "NETLIFY_TOKEN", ["nfp_"], ALNUM, 30),
  rule("render-token", "RENDER_TOKEN", ["rnd_"], ALNUM, 30, AT_WORD),
  rule("vercel-token", "VERCEL_TOKEN", ["vcp_", "vci_", "vca_", "vcr_", "vck_"], ALNUM, 24, AT_WORD),
  rule("contentful-token", "CONTENTFUL_TOKEN", ["CFPAT-"], B64URL, 40),
  rule("dynatrace-token", "DYNATRACE_TOKEN", ["dt0c01."], "A-Z0-9.", 80),
  rule("shippo-token", "SHIPPO_TOKEN", ["shippo_live_", "shippo_test_"], HEX, 40),
  rule("flutterwave-key", "FLUTTERWAVE_KEY", ["FLWSECK_TEST-", "FLWSECK-"], "a-hA-H0-9-", 32),
  rule("easypost-key", "EASYPOST_KEY", ["EZAK", "EZTK"], ALNUM, 54),
  rule("typeform-token", "TYPEFORM_TOKEN", ["tfp_"], "A-Za-z0-9_=.-", 40),
  rule("prefect-key", "PREFECT_KEY", ["pnu_"], ALNUM, 36),
  rule("readme-key", "README_KEY", ["rdme_"], "a-z0-9", 70),
  rule("rubygems-key", "RUBYGEMS_KEY", ["rubygems_"], HEX, 48),
  rule("brevo-key", "BREVO_KEY", ["xkeysib-", "xsmtpsib-"], "A-Za-z0-9-", 64),
  rule("alibaba-key-id", "ALIBABA_KEY_ID", ["LTAI"], ALNUM, 20, { max: 24, boundary: true }),
  rule("notion-token", "NOTION_TOKEN", ["ntn_", "secret_"], ALNUM, 40, { boundary: true, check: hasDigitAndLetter }),
  rule("onepassword-token", "ONEPASSWORD_TOKEN", ["ops_eyJ"], "A-Za-z0-9+/=_-", 60),
  // 1Password account Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX
  // (https://support.1password.com/secret-key-security/; gitleaks 1password-secret-key).
  rule("onepassword-secret-key", "ONEPASSWORD_SECRET_KEY", ["A3-"], "A-Z0-9-", 34, { boundary: true, shape: ONEPASSWORD_SHAPE }),
  rule("mapbox-secret", "MAPBOX_TOKEN", ["sk.eyJ"], "A-Za-z0-9._-", 40),
  rule("sourcegraph-token", "SOURCEGRAPH_TOKEN", ["sgp_"], "A-Za-z0-9_", 40),
  rule("buildkite-token", "BUILDKITE_TOKEN", ["bkua_"], HEX, 40),
  rule("circleci-token", "CIRCLECI_TOKEN", ["CCIPAT_", "CCIPRJ_"], "A-Za-z0-9_", 30),
  rule("nuget-key", "NUGET_KEY", ["oy2"], "a-z0-9", 43, { max: 43, boundary: true }),
  rule("frameio-token", "FRAMEIO_TOKEN", ["fio-u-"], "A-Za-z0-9_=-", 60),
  rule("clojars-token", "CLOJARS_TOKEN", ["CLOJARS_"], "a-z0-9", 60),
  // Cloudflare: Origin CA keys, and the prefixed user/account API tokens and
  // global API keys (https://developers.cloudflare.com/fundamentals/api/get-started/).
  rule("cloudflare-origin-ca", "CLOUDFLARE_KEY", ["v1.0-"], "a-f0-9-", 150, AT_WORD),
  rule("cloudflare-token", "CLOUDFLARE_KEY", ["cfut_", "cfat_", "cfk_"], ALNUM, 40, AT_WORD),
  // Tailscale: tskey-<kind>-<id>-<secret> (https://tailscale.com/kb/1277/key-prefixes).
  rule("tailscale-key", "TAILSCALE_KEY", ["tskey-"], "A-Za-z0-9-", 30, AT_WORD),
  // JFrog Artifactory API keys and reference tokens (base64 of "reftkn:01:").
  rule("artifactory-token", "ARTIFACTORY_TOKEN", ["AKCp", "cmVmdGtuOjAxOj"], ALNUM, 50, AT_WORD),
  // Facebook Graph API access tokens (gitleaks facebook-access-token).
  rule("facebook-token", "FACEBOOK_TOKEN", ["EAAC", "EAAG", "EAAM"], ALNUM, 100, AT_WORD),
  // HashiCorp Vault legacy service token: "s." and 24 mixed-case letters and digits.
  rule("vault-legacy-token", "VAULT_TOKEN", ["s."], ALNUM, 24, { max: 24, boundary: true, check: (t) => hasDigit(t) && /[A-Z]/.test(t) && /[a-z]/.test(t.slice(2)) }),
  // Discord bot token: base64 of a numeric user id (so it starts M/N/O then
  // D/T/j/z), a timestamp and an HMAC, dot-separated.
  rule("discord-bot-token", "DISCORD_TOKEN", ["MD", "MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT", "Oj", "Oz"], "A-Za-z0-9_.-", 55, { boundary: true, shape: DISCORD_SHAPE }),
  // JSON Web Tokens (RFC 7519): base64url header "{" + '"' always encodes as eyJ.
  rule("jwt", "JWT", ["eyJ"], "A-Za-z0-9_.-", 20, { boundary: true, check: isJwtShape }),
];

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
