import { closestMatch } from "../../command-line/closest-match.js";
import {
  type CheckError,
  type JsonSchema,
  schemaErrors,
  schemaNodeOf,
} from "../../redact/schema-check.js";
import { CrashfixError } from "../errors.js";
import { reporterConfigJsonSchema } from "./generated/config-json-schema.js";
import type { CrashReporterConfig } from "./reporter-config.js";

/** A host config as the commands accept it: version and repo may be missing. */
export type CommandConfig = Omit<CrashReporterConfig, "version" | "repo"> &
  Partial<Pick<CrashReporterConfig, "version" | "repo">>;

/** Keys a command can do without: it may act for an app whose version and repo it does not know. */
const OPTIONAL_FOR_COMMANDS = new Set(["version", "repo"]);

/** `/redaction/repoNames/0` -> `redaction.repoNames[0]`. */
function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split("/").slice(1);
  if (extra !== undefined) parts.push(extra);
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    "",
  );
}

function describe(error: CheckError, root: JsonSchema): string {
  const node = schemaNodeOf(root, error);
  if (error.keyword === "required") {
    const key = String(error.params.missingProperty);
    const what = node?.properties?.[key]?.description;
    return `${keyPath(error.instancePath, key)} is missing${what ? `: give ${what}` : ""}`;
  }
  if (error.keyword === "additionalProperties") {
    const key = String(error.params.additionalProperty);
    const known = Object.keys(node?.properties ?? {});
    const near = closestMatch(key, known);
    return `${keyPath(error.instancePath, key)} is not a crashfix setting${near ? ` (did you mean ${near}?)` : `; the settings are ${known.join(", ")}`}`;
  }
  const where = keyPath(error.instancePath) || "the config";
  if (error.keyword === "type" && error.params.type === "object") {
    return `${where} must be an object`;
  }
  return `${where} must be ${node?.description ?? `valid (${error.keyword})`}`;
}

function validate<T>(input: unknown, forCommands: boolean): T {
  const schema: JsonSchema = reporterConfigJsonSchema;
  const errors = schemaErrors(schema, input).filter(
    (error) =>
      !(
        forCommands &&
        error.keyword === "required" &&
        error.instancePath === "" &&
        OPTIONAL_FOR_COMMANDS.has(String(error.params.missingProperty))
      ),
  );
  const problems = [...new Set(errors.map((error) => describe(error, schema)))];
  const privacy = privacyUrlProblem(input);
  if (privacy !== undefined) problems.push(privacy);
  if (problems.length === 0) return input as T;
  throw new CrashfixError("INVALID_CONFIG", `invalid crashfix config: ${problems.join("; ")}`);
}

/**
 * Checks a host's reporter config against config-schema.ts (through the
 * JSON Schema generated from it: no zod at run time). Throws INVALID_CONFIG naming every
 * problem and its fix.
 */
export function validateReporterConfig(input: unknown): CrashReporterConfig {
  return validate<CrashReporterConfig>(input, false);
}

/** As validateReporterConfig, for the commands: version and repo may be missing. */
export function validateCommandConfig(input: unknown): CommandConfig {
  return validate<CommandConfig>(input, true);
}

// Not in the schema: JSON Schema's dependentRequired is not something zod
// can state. The notice must link the page before anything is sent. Named
// with the schema's problems, so a host author sees every one at once.
function privacyUrlProblem(input: unknown): string | undefined {
  if (input === null || typeof input !== "object") return undefined;
  const { endpoint, privacyUrl } = input as { endpoint?: unknown; privacyUrl?: unknown };
  return endpoint !== undefined && privacyUrl === undefined
    ? "privacyUrl is missing: with an endpoint, give the https URL of your published privacy page (start from crashfix's PRIVACY-TEMPLATE.md)"
    : undefined;
}

/**
 * What an app id must be (the config's own rule for `app`) when `app` is not
 * one, or undefined when it is: for `--app`, whose bad value is a usage error.
 */
export function appIdRuleBroken(app: string): string | undefined {
  const rule = reporterConfigJsonSchema.properties?.app;
  if (rule === undefined || schemaErrors(rule, app).length === 0) return undefined;
  return rule.description ?? "an app id";
}
