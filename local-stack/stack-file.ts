import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

// What a running `npm start` tells other terminals (`npm run demo`, scripts):
// where its two servers listen and the local credentials to talk to them.
// It lives in the local data folder, which is for this machine only.
export const STACK_FILE = "stack.json";

export const stackFileSchema = z
  .object({
    pid: z.number().int().positive(),
    serverUrl: z.url(),
    apiUrl: z.url(),
    ingestUrl: z.url(),
    token: z.string().min(8),
    adminToken: z.string().min(16),
    publicRepo: z.string(),
    triageRepo: z.string(),
    /** The local GitHub's data folder (absolute): where a runner records workflow runs. */
    githubDataDir: z.string().min(1),
  })
  .strict();

export type StackFile = z.infer<typeof stackFileSchema>;

export async function writeStackFile(dataDir: string, stack: StackFile): Promise<void> {
  const path = join(dataDir, STACK_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** The running stack's file, or undefined when none was written or it is unreadable. */
export async function readStackFile(dataDir: string): Promise<StackFile | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, STACK_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = stackFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The stack of a running `npm start` on this data folder: its file, and an ingest that answers. */
export async function findRunningStack(dataDir: string): Promise<StackFile | undefined> {
  const stack = await readStackFile(dataDir);
  if (!stack) return undefined;
  try {
    const answer = await fetch(`${stack.ingestUrl}/healthz`, {
      signal: AbortSignal.timeout(2_000),
    });
    return answer.ok ? stack : undefined;
  } catch {
    return undefined;
  }
}

/** The admin token of this data folder: made once, then reused across restarts. */
export async function loadOrCreateAdminToken(dataDir: string): Promise<string> {
  const path = join(dataDir, "admin-token");
  try {
    const existing = (await readFile(path, "utf8")).trim();
    if (existing.length >= 16) return existing;
  } catch {
    // first start: fall through and create it
  }
  const token = randomBytes(24).toString("hex");
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return token;
}
