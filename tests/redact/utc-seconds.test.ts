import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readableTime, utcSeconds } from "../../redact/utc-seconds.js";

describe("utcSeconds", () => {
  it("writes what toISOString writes, without the milliseconds, for every valid date", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(utcSeconds(date)).toBe(`${date.toISOString().slice(0, -5)}Z`);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00Z"],
    ["0001-02-03T04:05:06.789Z", "0001-02-03T04:05:06Z"],
    ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59Z"],
    ["+012345-01-01T00:00:00.000Z", "+012345-01-01T00:00:00Z"],
    ["-000001-06-30T12:00:00.000Z", "-000001-06-30T12:00:00Z"],
  ])("writes %s as %s", (iso, expected) => {
    expect(utcSeconds(new Date(iso))).toBe(expected);
  });

  it("refuses an invalid date as toISOString does", () => {
    expect(() => utcSeconds(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("reads its own timestamps for people and leaves anything else alone", () => {
    expect(readableTime("2026-12-04T10:00:59Z")).toBe("2026-12-04 10:00 UTC");
    expect(readableTime("yesterday")).toBe("yesterday");
  });
});
