import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utcSeconds } from "../../redact/utc-seconds.js";

const viaIso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

describe("utcSeconds", () => {
  it("writes the same text as toISOString cut to seconds, for any date", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(utcSeconds(date)).toBe(viaIso(date));
      }),
      { numRuns: 5000 },
    );
  });

  it("pads each part at the edges of the four-digit years", () => {
    const cases = [
      "0000-01-01T00:00:00.000Z",
      "0009-02-03T04:05:06.999Z",
      "1969-12-31T23:59:59.999Z",
      "1970-01-01T00:00:00.000Z",
      "2026-12-04T15:09:08.500Z",
      "9999-12-31T23:59:59.999Z",
    ];
    for (const iso of cases) expect(utcSeconds(new Date(iso))).toBe(`${iso.slice(0, 19)}Z`);
  });

  it("keeps toISOString's signed six-digit years outside 0-9999", () => {
    const past = new Date("-000001-06-01T00:00:00Z");
    const future = new Date("+010000-06-01T00:00:00Z");
    expect(utcSeconds(past)).toBe(viaIso(past));
    expect(utcSeconds(future)).toBe(viaIso(future));
  });
});
