import { describe, expect, it } from "vitest";
import { median, medianInterval, quantile } from "../../bench/stats.js";

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("median and quantile", () => {
  it("takes the mean of the two middle values for an even count, in any order", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(2);
    expect(quantile([4, 1, 3, 2], 0.75)).toBe(4);
  });
});

describe("medianInterval", () => {
  // The ranks that tables of the median's distribution-free 95% interval list.
  it.each([
    [6, 1, 6],
    [10, 2, 9],
    [20, 6, 15],
    [40, 14, 27],
    [100, 40, 61],
  ])("with %i samples bounds the median by ranks %i and %i", (n, low, high) => {
    expect(medianInterval(oneTo(n).reverse())).toEqual({ low, high });
  });

  it("gives no interval where too few samples reach 95%", () => {
    expect(medianInterval(oneTo(5))).toBeUndefined();
    expect(medianInterval([])).toBeUndefined();
  });

  it("covers the true median at about the stated rate", () => {
    // Deterministic draws from a skewed distribution whose median is ln 2.
    let state = 12345;
    const uniform = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return (state + 0.5) / 2 ** 31;
    };
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t += 1) {
      const draws = Array.from({ length: 40 }, () => -Math.log(uniform()));
      const interval = medianInterval(draws);
      if (interval && interval.low <= Math.LN2 && Math.LN2 <= interval.high) covered += 1;
    }
    // Exact coverage for 40 samples at ranks 14 and 27 is 96.2%.
    expect(covered / trials).toBeGreaterThan(0.94);
    expect(covered / trials).toBeLessThan(0.98);
  });
});
