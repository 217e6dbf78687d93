import { createHash } from "node:crypto";
import type { Db } from "./open-store.js";

export type TokenRecord = { kind: "installation"; login: string; expiresAt: number };
export type TokensStore = ReturnType<typeof createTokensStore>;

// Only a hash is stored, so a copied data dir does not hand out live tokens.
export const hashToken = (token: string): string =>
  createHash("sha256").update(token).digest("hex");

export function createTokensStore(db: Db) {
  const insert = db.prepare(
    "INSERT INTO tokens (token_hash, kind, login, expires_at) VALUES (?, ?, ?, ?)",
  );
  const lookup = db.prepare<[string], { kind: string; login: string; expires_at: number }>(
    "SELECT kind, login, expires_at FROM tokens WHERE token_hash = ?",
  );
  const purge = db.prepare("DELETE FROM tokens WHERE expires_at < ?");
  return {
    save(token: string, record: TokenRecord): void {
      insert.run(hashToken(token), record.kind, record.login, record.expiresAt);
    },
    find(token: string): TokenRecord | undefined {
      const row = lookup.get(hashToken(token));
      if (!row) return undefined;
      return { kind: "installation", login: row.login, expiresAt: row.expires_at };
    },
    purgeExpired: (nowMs: number): void => {
      purge.run(nowMs);
    },
  };
}
