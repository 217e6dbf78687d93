import { z } from "zod";

// Label names are at most 50 characters on GitHub.
export const MAX_LABEL_NAME = 50;

export const labelNameSchema = z
  .string()
  .trim()
  .min(1, "name cannot be blank")
  .max(MAX_LABEL_NAME, `name is too long (maximum is ${MAX_LABEL_NAME} characters)`)
  .refine((name) => !name.includes(","), "name may not contain a comma");

/** Labels as GitHub accepts them in bodies: names, or objects with a `name`. */
export const labelNamesSchema = z.array(
  z.union([labelNameSchema, z.object({ name: labelNameSchema })]),
);

export type LabelNamesInput = z.infer<typeof labelNamesSchema>;

export function normalizeLabelNames(input: LabelNamesInput): string[] {
  const seen = new Map<string, string>();
  for (const entry of input) {
    const name = typeof entry === "string" ? entry : entry.name;
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}
