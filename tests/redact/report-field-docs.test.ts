import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPORT_FIELD_DOCS } from "../../redact/report-field-docs.js";
import { reportSchema } from "../../redact/report-schema.js";
import { FIELD_TABLE_PAGES, withFieldTable } from "../../scripts/generate-report-field-table.js";
import { ROOT } from "../cli/helpers.js";

describe("the report's field table in the privacy pages", () => {
  it("explains exactly the schema's fields", () => {
    expect(Object.keys(REPORT_FIELD_DOCS).sort()).toEqual(Object.keys(reportSchema.shape).sort());
  });

  it.each(FIELD_TABLE_PAGES.map((page) => [page.file, page] as const))(
    "%s carries the table the field docs give (run `npm run generate` after changing them)",
    (file, page) => {
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(text).toBe(withFieldTable(text, page.app, file));
    },
  );

  it("refuses a page without its markers, naming the page", () => {
    expect(() => withFieldTable("# no table here\n", "loki", "docs/X.md")).toThrow(
      /docs\/X\.md: no <!-- report-fields/,
    );
  });
});
