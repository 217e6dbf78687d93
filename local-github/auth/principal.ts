import type { Actor } from "../store/rows.js";

/** The credential behind a request, after authentication. */
export type Principal =
  | { kind: "anonymous"; bucket: string }
  | { kind: "token"; actor: Actor; bucket: string }
  // tokenKey: the token's hash, by which the installation knows what it was issued with.
  | { kind: "installation"; actor: Actor; bucket: string; expiresAt: number; tokenKey: string }
  | { kind: "app"; appId: number; bucket: string };

export const actorOf = (principal: Principal): Actor | undefined =>
  principal.kind === "token" || principal.kind === "installation" ? principal.actor : undefined;
