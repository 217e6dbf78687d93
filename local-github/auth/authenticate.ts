import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "../errors.js";
import { hashToken, type TokensStore } from "../store/tokens-store.js";
import type { InstallationState } from "./installation-state.js";
import type { Principal } from "./principal.js";
import { looksLikeJwt } from "./verify-app-jwt.js";

export type AuthDeps = {
  personalToken: string;
  personalLogin: string;
  appId: number;
  tokens: TokensStore;
  verifyAppJwt: (token: string) => void;
  now: () => number;
  installation: InstallationState;
};

const badCredentials = () => new ApiError(401, "Bad credentials");

/**
 * `Authorization: token X` or `Bearer X` (https://docs.github.com/rest/authentication).
 * A JWT authenticates the App; a personal or installation token acts as its user.
 * No header is an anonymous caller; a header that does not check out is 401.
 */
export function authenticate(req: IncomingMessage, deps: AuthDeps): Principal {
  const header = req.headers.authorization;
  if (header === undefined) {
    return { kind: "anonymous", bucket: `ip:${req.socket.remoteAddress ?? "?"}` };
  }
  const match = /^(token|bearer|basic)\s+(\S+)\s*$/i.exec(header);
  if (!match) throw badCredentials();
  const scheme = (match[1] as string).toLowerCase();
  let secret = match[2] as string;
  if (scheme === "basic") {
    // git and some scripts send the token as a basic-auth password.
    const decoded = Buffer.from(secret, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw badCredentials();
    secret = decoded.slice(colon + 1);
  }
  if (scheme === "bearer" && looksLikeJwt(secret)) {
    deps.verifyAppJwt(secret);
    return { kind: "app", appId: deps.appId, bucket: `app:${deps.appId}` };
  }
  if (equalStrings(secret, deps.personalToken)) {
    return {
      kind: "token",
      actor: { login: deps.personalLogin, type: "User" },
      bucket: `user:${deps.personalLogin}`,
    };
  }
  const installation = deps.tokens.find(secret);
  if (installation && installation.expiresAt > deps.now()) {
    // A suspended installation's tokens reach nothing until it is unsuspended
    // (nor after, where tokens keep the grant they were issued with).
    const tokenKey = hashToken(secret);
    deps.installation.admit(tokenKey);
    return {
      kind: "installation",
      actor: { login: installation.login, type: "Bot" },
      bucket: `installation:${installation.login}`,
      expiresAt: installation.expiresAt,
      tokenKey,
    };
  }
  throw badCredentials();
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
