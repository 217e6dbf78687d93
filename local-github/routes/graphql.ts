import {
  buildSchema,
  type ExecutionResult,
  execute,
  GraphQLError,
  parse,
  Source,
  validate,
} from "graphql";
import { ApiError } from "../errors.js";
import type { Router } from "../http/router.js";
import { nodeId } from "../shapes/urls.js";
import type { IssueRow } from "../store/rows.js";
import { type RouteDeps, requireActor } from "./deps.js";

// GitHub's GraphQL endpoint (`POST /api/graphql` on GHES, where Octokit's
// graphql client sends it), with the one mutation crashfix uses: deleteIssue,
// which the REST API does not have. graphql-js parses, validates and runs
// each request against this part of GitHub's schema, so bad input gets the
// errors GitHub gives, in its shape: HTTP 200 with `errors` (`message`,
// `locations`, `path`, and GitHub's `type` such as NOT_FOUND).
// https://docs.github.com/en/graphql/reference/mutations#deleteissue
const schema = buildSchema(`
  interface Node { id: ID! }
  type Repository implements Node { id: ID! name: String! nameWithOwner: String! }
  type Issue implements Node { id: ID! number: Int! title: String! repository: Repository! }
  input DeleteIssueInput { issueId: ID! clientMutationId: String }
  type DeleteIssuePayload { clientMutationId: String repository: Repository }
  type Query { node(id: ID!): Node }
  type Mutation { deleteIssue(input: DeleteIssueInput!): DeleteIssuePayload }
`);

const AUTH_DOCS =
  "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql";

function typed(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

// GitHub puts the error type beside the message, not under `extensions`.
function render(result: ExecutionResult): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if ("data" in result) body.data = result.data ?? null;
  if (result.errors) {
    body.errors = result.errors.map((error) => {
      const json = error.toJSON() as unknown as Record<string, unknown> & {
        extensions?: Record<string, unknown>;
      };
      const { extensions, ...rest } = json;
      const type = extensions?.type;
      return typeof type === "string" ? { type, ...rest } : json;
    });
  }
  return body;
}

export function registerGraphqlRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;
  const issueByNode = (id: unknown): IssueRow | undefined => {
    const match = typeof id === "string" ? /^I_([A-Za-z0-9_-]+)$/.exec(id) : null;
    if (!match?.[1]) return undefined;
    const decoded = /^I:(\d{1,15})$/.exec(Buffer.from(match[1], "base64url").toString("latin1"));
    const issue = decoded?.[1] ? store.issues.getById(Number(decoded[1])) : undefined;
    return issue && !issue.is_pull ? issue : undefined;
  };
  const repositoryOf = (issue: IssueRow) => {
    const repo = store.repos.get(issue.repo_id);
    return repo
      ? { id: nodeId("R", repo.id), name: repo.name, nameWithOwner: `${repo.owner}/${repo.name}` }
      : null;
  };

  router.add("POST", "/graphql", ({ body, principal }) => {
    if (principal.kind === "anonymous")
      throw new ApiError(401, "This endpoint requires you to be authenticated.", {
        docs: AUTH_DOCS,
      });
    const actor = requireActor(principal);
    const request = (typeof body === "object" && body !== null ? body : {}) as {
      query?: unknown;
      variables?: unknown;
      operationName?: unknown;
    };
    if (typeof request.query !== "string" || request.query.trim() === "") {
      return {
        status: 200,
        body: {
          errors: [{ message: "A query attribute must be specified and must be a string." }],
        },
      };
    }
    let document: ReturnType<typeof parse>;
    try {
      document = parse(new Source(request.query, "GraphQL request"));
    } catch (error: unknown) {
      if (!(error instanceof GraphQLError)) throw error;
      return { status: 200, body: render({ errors: [error] }) };
    }
    const problems = validate(schema, document);
    if (problems.length > 0) return { status: 200, body: render({ errors: problems }) };
    const rootValue = {
      node: ({ id }: { id: string }) => {
        const issue = issueByNode(id);
        if (!issue)
          throw typed("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
        return {
          __typename: "Issue",
          id,
          number: issue.number,
          title: issue.title,
          repository: repositoryOf(issue),
        };
      },
      deleteIssue: ({ input }: { input: { issueId: string; clientMutationId?: string } }) => {
        const issue = issueByNode(input.issueId);
        if (!issue)
          throw typed(
            "NOT_FOUND",
            `Could not resolve to a node with the global id of '${input.issueId}'`,
          );
        const repo = store.repos.get(issue.repo_id);
        if (!repo) throw typed("NOT_FOUND", "Could not resolve to a Repository");
        // The webhook carries the issue as it was.
        deps.events.issue("deleted", repo, issue, actor);
        store.issues.delete(issue);
        deps.countWrite();
        return {
          clientMutationId: input.clientMutationId ?? null,
          repository: repositoryOf(issue) ?? null,
        };
      },
    };
    const result = execute({
      schema,
      document,
      rootValue,
      variableValues:
        typeof request.variables === "object" && request.variables !== null
          ? (request.variables as Record<string, unknown>)
          : {},
      operationName: typeof request.operationName === "string" ? request.operationName : null,
      typeResolver: (value: { __typename?: string }) => value.__typename,
    });
    if (result instanceof Promise) throw new Error("the local GraphQL schema has no async field");
    return { status: 200, body: render(result) };
  });
}
