import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMean, mean, parseNumbers, UsageError } from "../src/stats.mjs";

test("the mean of some numbers is their average", () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  assert.equal(formatMean(parseNumbers(["1", "2"])), "1.50");
});

test("words that are not numbers are a usage error", () => {
  assert.throws(() => parseNumbers(["1", "two"]), UsageError);
});

test("the mean of no numbers is a usage error, not a crash", () => {
  assert.throws(() => mean([]), UsageError);
});
