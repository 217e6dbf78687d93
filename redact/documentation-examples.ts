/**
 * Credentials that providers print in their own documentation, so they fill
 * tutorials, tests and bug reports and open nothing: AWS's example key pair
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html),
 * Stripe's documented test key and jwt.io's sample token. They survive
 * wherever they appear, as does any credential that spells EXAMPLE.
 */
const EXAMPLES = new Set([
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
  "xoxb-not-a-real-token-this-will-not-work",
]);

export function isDocumentationExample(value: string): boolean {
  return value.includes("EXAMPLE") || EXAMPLES.has(value);
}
