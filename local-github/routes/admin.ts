import { z } from "zod";
import { ApiError } from "../errors.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import type { FaultRule, Limits, LimitsInput } from "../options.js";
import {
  faultRuleSchema,
  installationSchema,
  limitsSchema,
  repoFullNameSchema,
  webhookUrlSchema,
} from "../options.js";
import type { StatsSnapshot } from "../stats.js";
import type { RouteDeps } from "./deps.js";

export type AdminControls = {
  setFaults: (rules: FaultRule[]) => void;
  faults: () => FaultRule[];
  setLimits: (limits: LimitsInput) => Limits;
  limits: () => Limits;
  stats: () => StatsSnapshot;
  setWebhookUrl: (url: string | undefined) => void;
};

const repoSchema = z.object({ full_name: repoFullNameSchema, private: z.boolean().optional() });
const faultsSchema = z.object({ faults: z.array(faultRuleSchema) });
const webhookSchema = z.object({ url: webhookUrlSchema.nullable() });

/**
 * Local-only controls under /api/v3/_local, for the personal token only: create
 * repositories, read stats, set fault rules and limits while the server runs.
 */
export function registerAdminRoutes(
  router: Router,
  deps: RouteDeps,
  controls: AdminControls,
): void {
  const admin = { access: "admin" as const };
  const { installation } = deps;
  // Ours, not GitHub's: GitHub changes permissions in the App's settings, so
  // the answer names what the caller can use instead.
  const requireOurs = (params: Record<string, string>) => {
    if (params.installation_id === String(deps.app.installationId)) return;
    throw new ApiError(
      404,
      `No installation ${params.installation_id} here: the local App has one installation, ${deps.app.installationId}`,
    );
  };
  const describe = () => ({
    id: deps.app.installationId,
    suspended_at: installation.suspendedAt(),
    permissions: installation.permissions(),
    token_grant: installation.tokenGrant,
  });
  router.add(
    "GET",
    "/_local/installations/{installation_id}",
    ({ params }) => {
      requireOurs(params);
      return { status: 200, body: describe() };
    },
    admin,
  );
  router.add(
    "PUT",
    "/_local/installations/{installation_id}",
    ({ params, body }) => {
      requireOurs(params);
      installation.set(parseInput(installationSchema, body, "Installation"));
      return { status: 200, body: describe() };
    },
    admin,
  );
  router.add(
    "POST",
    "/_local/repos",
    async ({ body }) => {
      const input = parseInput(repoSchema, body, "Repository");
      const { created } = await deps.createRepo(input.full_name, input.private ?? false);
      return { status: created ? 201 : 200, body: { full_name: input.full_name, created } };
    },
    admin,
  );
  router.add("GET", "/_local/stats", () => ({ status: 200, body: controls.stats() }), admin);
  router.add(
    "GET",
    "/_local/faults",
    () => ({ status: 200, body: { faults: controls.faults() } }),
    admin,
  );
  router.add(
    "PUT",
    "/_local/faults",
    ({ body }) => {
      controls.setFaults(parseInput(faultsSchema, body, "Faults").faults);
      return { status: 200, body: { faults: controls.faults() } };
    },
    admin,
  );
  router.add("GET", "/_local/limits", () => ({ status: 200, body: controls.limits() }), admin);
  router.add(
    "PUT",
    "/_local/limits",
    ({ body }) => {
      const input = parseInput(limitsSchema.partial(), body, "Limits");
      return { status: 200, body: controls.setLimits(input) };
    },
    admin,
  );
  router.add(
    "PUT",
    "/_local/webhook",
    ({ body }) => {
      const { url } = parseInput(webhookSchema, body, "Webhook");
      controls.setWebhookUrl(url ?? undefined);
      return { status: 200, body: { url } };
    },
    admin,
  );
}
