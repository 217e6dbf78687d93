import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

// Compares the bearer token in constant time. Both sides are hashed first so
// the comparison does not leak the token's length either.
export function checkAdmin(req: IncomingMessage, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const header = req.headers.authorization ?? "";
  const match = /^Bearer (\S+)$/.exec(header);
  const given = createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const expected = createHash("sha256").update(adminToken).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
