import { ApiError } from "../errors.js";
import type { InstallationInput } from "../options.js";
import { isoSeconds } from "../store/open-store.js";

export type PermissionName = "issues" | "pull_requests" | "contents";
export type PermissionLevel = "read" | "write" | "none";
export type Permissions = Record<PermissionName, PermissionLevel>;
export type TokenGrant = "current" | "as-issued";
type IssuedGrant = { permissions: Permissions; suspensions: number; expiresAt: number };

const ALL_WRITE: Permissions = { issues: "write", pull_requests: "write", contents: "write" };

// GitHub's answers, word for word, so a client meets what it would meet there:
// the access-token route and every call with a token of a suspended
// installation, and a call whose permission the installation lacks.
// https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
const SUSPENDED_DOCS =
  "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app";
export const suspendedError = (): ApiError =>
  new ApiError(403, "This installation has been suspended", { docs: SUSPENDED_DOCS });
export const notAccessibleError = (): ApiError =>
  new ApiError(403, "Resource not accessible by integration");

/**
 * The one installation of the local App: whether it is suspended, and which
 * permissions it has. Held in memory, as faults and limits are: a run sets
 * what it wants to try, and a restart starts from the options again.
 */
export class InstallationState {
  #permissions: Permissions = { ...ALL_WRITE };
  #suspendedAt: number | undefined;
  #tokenGrant: TokenGrant = "current";
  // Counts suspensions, so a token can tell whether one began after it was issued.
  #suspensions = 0;
  // What each token was issued with, by the token's hash (memory only: a
  // token issued before a restart is held to the installation as it is).
  readonly #issued = new Map<string, IssuedGrant>();

  constructor(
    private readonly now: () => number,
    input: InstallationInput = {},
  ) {
    this.set(input);
  }

  /** Changes what the input names; the rest stays. Suspending again keeps the first time. */
  set(input: InstallationInput): void {
    if (input.suspended === true && this.#suspendedAt === undefined) {
      this.#suspendedAt = this.now();
      this.#suspensions += 1;
    }
    if (input.suspended === false) this.#suspendedAt = undefined;
    for (const [name, level] of Object.entries(input.permissions ?? {})) {
      if (level !== undefined) this.#permissions[name as PermissionName] = level;
    }
    if (input.tokenGrant !== undefined) this.#tokenGrant = input.tokenGrant;
  }

  /** How tokens already issued meet a change (the `tokenGrant` option). */
  get tokenGrant(): TokenGrant {
    return this.#tokenGrant;
  }

  /** Records what a new token (by its hash) is issued with: the installation as it is now. */
  issued(tokenKey: string, expiresAt: number): void {
    const now = this.now();
    for (const [key, grant] of this.#issued) if (grant.expiresAt <= now) this.#issued.delete(key);
    this.#issued.set(tokenKey, {
      permissions: { ...this.#permissions },
      suspensions: this.#suspensions,
      expiresAt,
    });
  }

  /**
   * Throws GitHub's 403 when a token (by its hash) may make no call at all:
   * the installation is suspended, or the token is held to its issued grant
   * and a suspension began after it was issued.
   */
  admit(tokenKey: string): void {
    if (this.suspended) throw suspendedError();
    const issued = this.#heldTo(tokenKey);
    if (issued && issued.suspensions !== this.#suspensions) throw suspendedError();
  }

  get suspended(): boolean {
    return this.#suspendedAt !== undefined;
  }

  /** `suspended_at` as GitHub renders it: a timestamp, or null. */
  suspendedAt(): string | null {
    return this.#suspendedAt === undefined ? null : isoSeconds(this.#suspendedAt);
  }

  /** GitHub's `permissions` object: granted ones only, and metadata read. */
  grantedPermissions(): Record<string, "read" | "write"> {
    const granted: Record<string, "read" | "write"> = {};
    for (const [name, level] of Object.entries(this.#permissions)) {
      if (level !== "none") granted[name] = level;
    }
    granted.metadata = "read";
    return granted;
  }

  /** Every permission, `none` included: what the local control shows. */
  permissions(): Permissions {
    return { ...this.#permissions };
  }

  /**
   * Throws GitHub's 403 when a token (by its hash) may not make a call
   * needing `needed` (any one of its names at `level` or above); a token
   * held to its issued grant has the lower of that and the installation's.
   */
  authorize(
    needed: { names: readonly PermissionName[]; level: "read" | "write" },
    tokenKey: string,
  ): void {
    this.admit(tokenKey);
    const issued = this.#heldTo(tokenKey);
    const allowed = needed.names.some((name) => {
      const now = this.#permissions[name];
      const level = issued ? lower(now, issued.permissions[name]) : now;
      return level === "write" || (needed.level === "read" && level === "read");
    });
    if (!allowed) throw notAccessibleError();
  }

  #heldTo(tokenKey: string): IssuedGrant | undefined {
    return this.#tokenGrant === "as-issued" ? this.#issued.get(tokenKey) : undefined;
  }
}

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 };
const lower = (a: PermissionLevel, b: PermissionLevel): PermissionLevel =>
  RANK[a] <= RANK[b] ? a : b;
