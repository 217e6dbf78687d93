import { z } from "zod";

// Building blocks shared by the steps' input schemas. Ambiguous values are
// refused rather than guessed (YAML 1.2 booleans only, as @actions/core does).
const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

export const booleanInput = z
  .string()
  .refine((v) => TRUE.includes(v) || FALSE.includes(v), {
    message: "use true or false (YAML 1.2 core schema)",
  })
  .transform((v) => TRUE.includes(v));

export function integerInput(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, { message: "use a whole number" })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

export const repoInput = z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, {
  message: "use owner/name, e.g. octo-org/octo-cli",
});

export const fingerprintInput = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: "use the 64-hex fingerprint from the promote output" });

export const issueNumberInput = integerInput(1, 1_000_000_000);

export const tokenInput = z.string().min(1, { message: "pass a token (e.g. an App token)" });

// The inputs every privileged step connects with: the public repository and
// the private triage repository, the triage one with its own token when given
// (github/connect-repos.ts).
export const repoPairInputs = {
  token: tokenInput,
  "triage-token": tokenInput.optional(),
  repo: repoInput,
  "triage-repo": repoInput,
};

export const labelsInput = z
  .string()
  .transform((v) =>
    v
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  )
  .pipe(
    z
      .array(z.string().max(50, { message: "GitHub label names are at most 50 characters" }))
      .max(10),
  );

// A type alias (not an interface) so it spreads into Octokit's request
// parameters, which carry an index signature.
export type Repo = { owner: string; repo: string };

export function splitRepo(fullName: string): Repo {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}
