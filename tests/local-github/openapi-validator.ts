import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

// GitHub's published OpenAPI 3.0 description (via @octokit/openapi). OpenAPI 3.0
// marks nulls with `nullable: true`, which JSON Schema spells as a "null" type;
// the walk below converts it and points local $refs at the document added to Ajv.

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/"))
      out[key] = `gh${value}`;
    else if (key === "example" || key === "examples") continue;
    else out[key] = convert(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

export function loadGitHubOpenApi() {
  const require = createRequire(import.meta.url);
  const path = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const doc = JSON.parse(readFileSync(path, "utf8")) as {
    paths: Json;
    components: Json;
    "x-webhooks": Json;
  };
  const components = convert(doc.components) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components }, "gh");
  const cache = new Map<string, ValidateFunction>();

  /** The 2xx (or error) response schema of an operation, by path template, method and status. */
  function validatorFor(method: string, template: string, status: number): ValidateFunction {
    const key = `${method} ${template} ${status}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const operation = (doc.paths[template] as Json | undefined)?.[method.toLowerCase()] as
      | Json
      | undefined;
    if (!operation) throw new Error(`no operation ${method} ${template} in GitHub's OpenAPI`);
    let response = (operation.responses as Json)[String(status)] as Json | undefined;
    if (!response) throw new Error(`${method} ${template} documents no ${status} response`);
    if (typeof response.$ref === "string") {
      const name = response.$ref.split("/").pop() as string;
      response = (doc.components.responses as Json)[name] as Json;
    }
    const schema = ((response.content as Json)["application/json"] as Json).schema;
    const validate = ajv.compile(convert(schema) as Json);
    cache.set(key, validate);
    return validate;
  }

  const explain = (validate: ValidateFunction, body: unknown): string[] => {
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`,
    );
  };

  /** Validates a webhook payload against `x-webhooks` (e.g. `issues-closed`). */
  function checkWebhook(name: string, body: unknown): string[] {
    const key = `webhook ${name}`;
    let validate = cache.get(key);
    if (!validate) {
      const hook = doc["x-webhooks"][name] as Json | undefined;
      if (!hook) throw new Error(`no webhook ${name} in GitHub's OpenAPI`);
      const requestBody = (hook.post as Json).requestBody as Json;
      const schema = ((requestBody.content as Json)["application/json"] as Json).schema;
      validate = ajv.compile(convert(schema) as Json);
      cache.set(key, validate);
    }
    return explain(validate, body);
  }

  /** Validates a response body; returns Ajv's errors as readable lines (empty when it conforms). */
  function check(method: string, template: string, status: number, body: unknown): string[] {
    return explain(validatorFor(method, template, status), body);
  }

  return { check, checkWebhook };
}
