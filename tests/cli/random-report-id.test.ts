import { describe, expect, it } from "vitest";
import { randomReportId } from "../../cli/capture/random-report-id.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("randomReportId", () => {
  it("draws version 4 UUIDs, all distinct", () => {
    const ids = Array.from({ length: 2000 }, () => randomReportId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
