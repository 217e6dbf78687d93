import type { KeyObject } from "node:crypto";
import { createPublicKey, verify } from "node:crypto";
import { ApiError } from "../errors.js";

// Rules from "Generating a JSON Web Token (JWT) for a GitHub App":
// https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
// RS256, `iss` = App id (or client id), `exp` at most 10 minutes after `iat`, not expired.
const MAX_LIFETIME_SECONDS = 600;
const CLOCK_SKEW_SECONDS = 60;

const JWT_DOCS = "https://docs.github.com/rest";
const unauthorized = (message: string) => new ApiError(401, message, { docs: JWT_DOCS });

export const looksLikeJwt = (token: string): boolean => /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token);

export type AppIdentity = { appId: number; clientId: string; publicKey: string };

export function createJwtVerifier(app: AppIdentity, now: () => number) {
  const key: KeyObject = createPublicKey(app.publicKey);
  return function verifyAppJwt(token: string): void {
    const [headerPart, payloadPart, signaturePart] = token.split(".");
    if (!headerPart || !payloadPart || !signaturePart) {
      throw unauthorized("A JSON web token could not be decoded");
    }
    const header = decodePart(headerPart);
    const payload = decodePart(payloadPart);
    if (header.alg !== "RS256") throw unauthorized("A JSON web token could not be decoded");
    const signed = verify(
      "RSA-SHA256",
      Buffer.from(`${headerPart}.${payloadPart}`),
      key,
      Buffer.from(signaturePart, "base64url"),
    );
    if (!signed) throw unauthorized("A JSON web token could not be decoded");
    const seconds = Math.floor(now() / 1000);
    const { iat, exp, iss } = payload;
    if (typeof iat !== "number" || !Number.isInteger(iat) || iat > seconds + CLOCK_SKEW_SECONDS) {
      throw unauthorized(
        "'Issued at' claim ('iat') must be an Integer representing a time in the past",
      );
    }
    if (typeof exp !== "number" || exp <= seconds) {
      throw unauthorized(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    }
    if (exp - iat > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
      throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
    }
    if (String(iss) !== String(app.appId) && iss !== app.clientId) {
      throw unauthorized("'Issuer' claim ('iss') must be an Integer");
    }
  };
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through to the 401 below
  }
  throw unauthorized("A JSON web token could not be decoded");
}
