// Secrets the demo plants where real ones leak from: error messages, the
// environment, file paths and URLs. After the run, none may appear anywhere in
// the local GitHub's store (the end-to-end test reads every byte of it).
// They are made of fixed demo text, shaped like the real thing.
export const PLANTED = {
  anthropicKey: `sk-ant-api03-${"D3m0".repeat(20)}AA`,
  githubToken: `ghp_${"Dm0x".repeat(9)}`,
  urlPassword: "hunter2-demo-pass",
  userName: "alice-demo",
  email: "alice.demo@example.org",
  privateRepo: "acme-demo/billing-secret",
} as const;

export function plantedValues(): string[] {
  return Object.values(PLANTED);
}
