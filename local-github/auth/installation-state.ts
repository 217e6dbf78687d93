import { ApiError } from "../errors.js";
import type { InstallationInput } from "../options.js";
import { isoSeconds } from "../store/open-store.js";

export type PermissionName = "issues" | "pull_requests" | "contents";
export type PermissionLevel = "read" | "write" | "none";
export type Permissions = Record<PermissionName, PermissionLevel>;

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

  constructor(
    private readonly now: () => number,
    input: InstallationInput = {},
  ) {
    this.set(input);
  }

  /** Changes what the input names; the rest stays. Suspending again keeps the first time. */
  set(input: InstallationInput): void {
    if (input.suspended === true) this.#suspendedAt ??= this.now();
    if (input.suspended === false) this.#suspendedAt = undefined;
    for (const [name, level] of Object.entries(input.permissions ?? {})) {
      if (level !== undefined) this.#permissions[name as PermissionName] = level;
    }
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
   * Throws GitHub's 403 when a token of this installation may not make a
   * call needing `needed` (any one of its names at `level` or above).
   */
  authorize(needed: { names: readonly PermissionName[]; level: "read" | "write" }): void {
    if (this.suspended) throw suspendedError();
    const allowed = needed.names.some((name) => {
      const level = this.#permissions[name];
      return level === "write" || (needed.level === "read" && level === "read");
    });
    if (!allowed) throw notAccessibleError();
  }
}
