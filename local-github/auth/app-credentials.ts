import { generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LocalGitHubError } from "../errors.js";
import { randomToken } from "./random-token.js";

/** File in the data dir that the ingest reads to authenticate as the local App. */
export const APP_CREDENTIALS_FILE = "app-credentials.json";

export const appCredentialsSchema = z
  .object({
    appId: z.number().int().positive(),
    slug: z.string().min(1),
    clientId: z.string().min(1),
    installationId: z.number().int().positive(),
    privateKey: z.string().includes("PRIVATE KEY"),
    publicKey: z.string().includes("PUBLIC KEY"),
    webhookSecret: z.string().min(16),
    /** The personal token for scripts and git when none is configured. */
    personalToken: z.string().min(8),
  })
  .strict();

export type AppCredentials = z.infer<typeof appCredentialsSchema>;

/** Reads the App credentials a local GitHub wrote into `dataDir`. */
export function readAppCredentials(dataDir: string): AppCredentials {
  const path = join(dataDir, APP_CREDENTIALS_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error: unknown) {
    throw new LocalGitHubError(
      "DATA_DIR",
      `no App credentials at ${path}: start crashfix-github with --data ${dataDir} once to create them`,
      { cause: error },
    );
  }
  try {
    return appCredentialsSchema.parse(JSON.parse(text));
  } catch (error: unknown) {
    throw new LocalGitHubError(
      "DATA_DIR",
      `${path} is not a valid App credentials file: delete it to generate a new App`,
      { cause: error },
    );
  }
}

/**
 * Loads the App of this data dir, generating it (RSA-2048 key pair, ids, secret)
 * on first start. A configured personal token replaces the one in the file, so
 * the file always holds the token the server accepts.
 */
export function loadOrCreateAppCredentials(dataDir: string, token?: string): AppCredentials {
  const path = join(dataDir, APP_CREDENTIALS_FILE);
  if (existsSync(path)) {
    const existing = readAppCredentials(dataDir);
    if (token === undefined || token === existing.personalToken) return existing;
    const updated = { ...existing, personalToken: token };
    writeCredentials(path, updated);
    return updated;
  }
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const credentials: AppCredentials = {
    appId: 1000 + randomBytes(2).readUInt16BE(0),
    slug: "crashfix-local",
    clientId: `Iv1.${randomBytes(8).toString("hex")}`,
    installationId: 2000 + randomBytes(2).readUInt16BE(0),
    privateKey,
    publicKey,
    webhookSecret: randomBytes(24).toString("hex"),
    personalToken: token ?? randomToken("ghp_"),
  };
  writeCredentials(path, credentials);
  return credentials;
}

// Write then rename, so a reader never sees half a file; 0600 since it holds a key.
function writeCredentials(path: string, credentials: AppCredentials): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
