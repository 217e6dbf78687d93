import { suspendedError } from "../auth/installation-state.js";
import { randomToken } from "../auth/random-token.js";
import type { Router } from "../http/router.js";
import { nodeId } from "../shapes/urls.js";
import { renderUser } from "../shapes/user.js";
import { isoSeconds } from "../store/open-store.js";
import { hashToken } from "../store/tokens-store.js";
import type { RouteDeps } from "./deps.js";
import { requireInstallation, requireRepo } from "./deps.js";

// Installation tokens live one hour, as GitHub's do:
// https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
export const INSTALLATION_TOKEN_TTL_MS = 60 * 60 * 1000;

const events = ["issues", "issue_comment", "pull_request", "push"];

export function registerAppRoutes(router: Router, deps: RouteDeps): void {
  const { app, urls } = deps;
  const owner = renderUser(urls, "crashfix-local", "Organization");
  const stamp = isoSeconds(0);
  const botLogin = `${app.slug}[bot]`;
  const { installation: state } = deps;

  const installation = () => ({
    id: app.installationId,
    app_id: app.appId,
    app_slug: app.slug,
    client_id: app.clientId,
    target_id: owner.id,
    target_type: "Organization",
    account: owner,
    single_file_name: null,
    repository_selection: "all",
    access_tokens_url: `${urls.api}/app/installations/${app.installationId}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/settings/installations/${app.installationId}`,
    events,
    permissions: state.grantedPermissions(),
    created_at: stamp,
    updated_at: stamp,
    // The local server has one user, so it is the one who suspended it.
    suspended_by: state.suspended ? renderUser(urls, "crashfix-local-user", "User") : null,
    suspended_at: state.suspendedAt(),
  });

  // https://docs.github.com/rest/apps/apps#get-the-authenticated-app
  router.add(
    "GET",
    "/app",
    () => ({
      status: 200,
      body: {
        id: app.appId,
        slug: app.slug,
        client_id: app.clientId,
        node_id: nodeId("A", app.appId),
        owner,
        name: "crashfix (local)",
        description: "The GitHub App of a local crashfix install",
        external_url: urls.web,
        html_url: `${urls.web}/apps/${app.slug}`,
        created_at: stamp,
        updated_at: stamp,
        permissions: state.grantedPermissions(),
        events,
        installations_count: 1,
      },
    }),
    { access: "app" },
  );

  router.add("GET", "/app/installations", () => ({ status: 200, body: [installation()] }), {
    access: "app",
  });

  router.add(
    "GET",
    "/app/installations/{installation_id}",
    ({ params }) => {
      requireInstallation(deps, params);
      return { status: 200, body: installation() };
    },
    { access: "app" },
  );

  // PUT suspends, DELETE unsuspends:
  // https://docs.github.com/rest/apps/apps#suspend-an-app-installation
  // https://docs.github.com/rest/apps/apps#unsuspend-an-app-installation
  for (const [method, suspended] of [
    ["PUT", true],
    ["DELETE", false],
  ] as const) {
    router.add(
      method,
      "/app/installations/{installation_id}/suspended",
      ({ params }) => {
        requireInstallation(deps, params);
        state.set({ suspended });
        return { status: 204 };
      },
      { access: "app" },
    );
  }

  // The App is installed on every repository of the local server.
  router.add(
    "GET",
    "/repos/{owner}/{repo}/installation",
    ({ params, principal }) => {
      requireRepo(deps, params, principal);
      return { status: 200, body: installation() };
    },
    { access: "app" },
  );

  router.add(
    "POST",
    "/app/installations/{installation_id}/access_tokens",
    ({ params }) => {
      requireInstallation(deps, params);
      if (state.suspended) throw suspendedError();
      const token = randomToken("ghs_");
      const expiresAt = deps.now() + INSTALLATION_TOKEN_TTL_MS;
      deps.store.tokens.purgeExpired(deps.now());
      deps.store.tokens.save(token, { kind: "installation", login: botLogin, expiresAt });
      state.issued(hashToken(token), expiresAt);
      return {
        status: 201,
        body: {
          token,
          expires_at: isoSeconds(expiresAt),
          permissions: state.grantedPermissions(),
          repository_selection: "all",
        },
      };
    },
    { access: "app" },
  );
}
