import type { z } from "zod";
import { MAX_SIGNATURES } from "./report-rules.js";
import type { reportSchema } from "./report-schema.js";
import { RULES_VERSION } from "./rules-version.js";

/**
 * What each report field holds, in the words a user reads: the one source of
 * the field table in docs/PRIVACY.md and in the privacy page integrators
 * publish (cli/PRIVACY-TEMPLATE.md); `npm run generate` writes both. Keyed by
 * the schema's own fields, so a field added to the schema fails the build
 * until it is explained here. `{app}` is the app's id in the example.
 */
export const REPORT_FIELD_DOCS: Record<
  keyof z.output<typeof reportSchema>,
  { example: string; meaning: string }
> = {
  schema: { example: '`"1"`', meaning: "report format version" },
  report_id: {
    example: '`"35affe25-ab17-4f9d-a5d5-221e50b348fd"`',
    meaning:
      "a random id made for this one report, so the server counts a retried send once; not tied to you or your machine",
  },
  app: { example: '`"{app}"`', meaning: "which tool crashed" },
  app_version: {
    example: '`"1.4.2"`',
    meaning:
      "its version; a version stamped with your account's or repository's name (a tool you build yourself) is its leading numbers and `+redacted`",
  },
  os: { example: '`"linux"`', meaning: "the operating system (`process.platform`)" },
  arch: { example: '`"x64"`', meaning: "the processor architecture (`process.arch`)" },
  runtime: {
    example: '`{"node": "20.20.2"}`, `{"bash": "5.2.15"}`',
    meaning: "the Node, Bun or Deno version; for a bash script's failure, the bash version",
  },
  error_class: {
    example: '`"TypeError"`, `"ENOENT"`, `"NonZeroExit"`',
    meaning:
      "the kind of error, never its message. An error class your own code defines (in a config file or plugin the tool runs) is sent as the built-in class it is made from (`Error`, `TypeError`...), and a thrown value that is no error as `NonError`",
  },
  stack_signature: {
    example: '`["loadSettings", "main"]`',
    meaning: `up to ${MAX_SIGNATURES} function names of the tool's code from the top of the stack; no file paths. A frame in a minified bundle, whose names say nothing, is the name, the bundle file's name (without its folder) and the position in it (\`n:tool:1:4212\`): one published build is byte for byte the same on every machine, so the position names the function without saying anything about you. An unnamed frame where the error was thrown (a script's top-level code, an unnamed callback) is the file's name and the line (\`anon:cli:25\`); a failing command in a bash script's top-level code, outside any function, is \`main\` and its line there (\`main:42\`). Code of yours that the tool runs (a config file, a plugin, a script you wrote) is the fixed word \`user-code\`, never its file or function names. A failure with no frame at all (an exit code set without an error) is its exit code (\`exit:4\`). A report the tool files without an error names what failed in fixed words: a provider that keeps failing and the HTTP status (\`provider_github\`, \`http_429\`), or the kind of loop (\`retry_loop\`)`,
  },
  phase: { example: '`"ACT"`', meaning: "optional: which stage of the tool's run failed" },
  exit_code: { example: "`1`", meaning: "optional: the process exit status" },
  friction_kind: {
    example: '`"retry_loop"`',
    meaning:
      "optional: `retry_loop`, `rate_limit_loop` or `gate_failure` when the tool got stuck rather than crashed",
  },
  project_id_hash: {
    example: "64 hex characters",
    meaning:
      "optional: SHA-256 of your project's normalized git `origin` URL, so the maintainers can count how many distinct projects hit a crash (and the ingest can cap how many reports one project sends). Not salted, so that two users of one repository count as one project: for a public repository anyone who knows the URL can compute it (it reveals only which public repository); for a private one it reveals nothing to whoever does not know the URL, but someone who guesses the exact URL can confirm the guess",
  },
  fingerprint: {
    example: "64 hex characters",
    meaning:
      "SHA-256 of `error_class` and `stack_signature`: the key that groups identical crashes",
  },
  rules_version: {
    example: `\`"${RULES_VERSION}"\``,
    meaning: "which scrubbing rules ran",
  },
  redactions_count: { example: "`0`", meaning: "how many things they removed" },
  captured_at: { example: '`"2026-12-04T12:08:11Z"`', meaning: "when, in UTC, to the second" },
};
