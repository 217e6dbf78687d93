/** One problem ajv's generated code found (the fields crashfix reads). */
export type CheckError = {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
};

/** A check generated from a zod schema (scripts/generate-validators.ts). */
export type StandaloneCheck = ((data: unknown) => boolean) & { errors?: CheckError[] | null };

/** The JSON Schema a check was generated from. */
export type JsonSchema = {
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  [keyword: string]: unknown;
};
