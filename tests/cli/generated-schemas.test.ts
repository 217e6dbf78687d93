import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderTarget, TARGETS } from "../../scripts/generate-schemas.js";
import { ROOT } from "./helpers.js";

describe("JSON Schemas generated from the zod schemas", () => {
  it.each(TARGETS.map((target) => [target.file, target] as const))(
    "%s is what its schema gives (run `npm run generate` after changing one)",
    (file, target) => {
      expect(readFileSync(join(ROOT, file), "utf8")).toBe(renderTarget(target));
    },
  );
});
