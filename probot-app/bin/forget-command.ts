import { z } from "zod";

// `crashfix-server forget <fingerprint>`: asks the running ingest to forget a
// fingerprint (POST /v1/crash/forget with the admin token). The ingest owns
// its spool and ledger, so the deletion goes through it rather than around it.
const argsSchema = z.tuple([
  z.string().regex(/^[0-9a-f]{64}$/, "give the 64-hex fingerprint (`crash show` prints it)"),
]);
const envSchema = z.object({
  CRASHFIX_ADMIN_TOKEN: z
    .string({ error: "set CRASHFIX_ADMIN_TOKEN to the running ingest's admin token" })
    .min(16, "set CRASHFIX_ADMIN_TOKEN to the running ingest's admin token"),
  CRASHFIX_URL: z
    .url("CRASHFIX_URL must be the ingest's URL, e.g. http://127.0.0.1:3000")
    .optional(),
  HOST: z.string().optional(),
  PORT: z.string().regex(/^\d+$/, "PORT must be a number").optional(),
});

type Io = { fetch?: typeof fetch; out?: (text: string) => void; err?: (text: string) => void };

export const FORGET_USAGE = "usage: crashfix-server forget <64-hex fingerprint>";

// Returns the exit code: 0 done, 1 the ingest refused or could not be
// reached, 2 bad arguments or environment.
export async function runForgetCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Io = {},
): Promise<number> {
  const out = io.out ?? ((text) => process.stdout.write(text));
  const err = io.err ?? ((text) => process.stderr.write(text));
  const parsedArgs = argsSchema.safeParse(args);
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedArgs.success || !parsedEnv.success) {
    const problems = [parsedArgs, parsedEnv].flatMap((r) =>
      r.success ? [] : [z.prettifyError(r.error)],
    );
    err(`crashfix-server forget:\n${problems.join("\n")}\n${FORGET_USAGE}\n`);
    return 2;
  }
  const e = parsedEnv.data;
  const host = !e.HOST || e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
  const base = (e.CRASHFIX_URL ?? `http://${host}:${e.PORT ?? "3000"}`).replace(/\/+$/, "");
  let answer: Response;
  try {
    answer = await (io.fetch ?? fetch)(`${base}/v1/crash/forget`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${e.CRASHFIX_ADMIN_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ fingerprint: parsedArgs.data[0] }),
    });
  } catch (error: unknown) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    err(
      `crashfix-server forget: cannot reach the ingest at ${base}${cause ? ` (${cause})` : ""}; start it with crashfix-server, or set CRASHFIX_URL\n`,
    );
    return 1;
  }
  const text = (await answer.text()).trim();
  if (answer.status === 401) {
    err("crashfix-server forget: the ingest refused the admin token (CRASHFIX_ADMIN_TOKEN)\n");
    return 1;
  }
  if (answer.status !== 200) {
    err(`crashfix-server forget: the ingest answered ${answer.status}: ${text.slice(0, 300)}\n`);
    return 1;
  }
  const done = JSON.parse(text) as Record<string, unknown>;
  out(
    [
      `spool: ${done.spoolReports} waiting report(s) dropped`,
      `ledger: ${done.ledgerIds} report id(s) dropped`,
      `triage issue: ${done.triageIssue}`,
      `public issue: ${done.publicIssue}`,
      "",
    ].join("\n"),
  );
  return 0;
}
