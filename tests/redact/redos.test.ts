import { check } from "recheck";
import { describe, expect, it } from "vitest";
import { scrubPatterns } from "../../redact/index.js";
import { gluedPattern, literalPattern, separatedPattern } from "../../redact/redact-context.js";

/**
 * recheck's automaton checker decides exactly whether a regex can backtrack
 * super-linearly, but it cannot model lookarounds and it unrolls counted
 * repeats (`[A-Za-z0-9]{40,}` becomes 40 states), which makes it time out.
 * So each pattern is checked in a reduced form that keeps what decides
 * backtracking, namely every loop and what sits next to it:
 * - lookarounds are removed: ours are fixed-width, one-character checks, a
 *   constant cost per step that cannot nest;
 * - `{m,}` becomes `+` (or `*`), `{m,n}` becomes `{1,2}` (or `{0,2}`), `{m}`
 *   becomes `{2}`: the same loops with the same neighbours, fewer copies.
 * The sanity table below shows the reduced check still catches the classic
 * exponential and polynomial shapes, including the search-restart kind
 * (`[a-z]+[a-z0-9]+@`). Time on real 1 MB adversarial inputs is measured in
 * bench/redact.bench.ts.
 */
function withoutLookarounds(source: string): string {
  // Innermost first, until none is left (a lookahead may hold another).
  let out = source;
  for (;;) {
    const next = out.replace(/\(\?<?[!=](?:[^()\\[]|\\.|\[(?:[^\]\\]|\\.)*\])*\)/g, "");
    if (next === out) return out;
    out = next;
  }
}

function reduceForCheck(source: string): string {
  return withoutLookarounds(source)
    .replace(/\{(\d+),\}/g, (_m, min: string) => (Number(min) === 0 ? "*" : "+"))
    .replace(/\{(\d+),(\d+)\}/g, (_m, min: string, max: string) => {
      if (Number(max) <= 1) return Number(min) === 0 ? "?" : "";
      return Number(min) === 0 ? "{0,2}" : "{1,2}";
    })
    .replace(/\{(\d+)\}/g, (_m, count: string) => (Number(count) <= 1 ? "" : "{2}"));
}

async function complexity(source: string, flags: string): Promise<string> {
  const result = await check(reduceForCheck(source), flags.replace("y", ""), {
    checker: "automaton",
    timeout: 60_000,
  });
  if (result.status === "unknown") return `unknown (${result.error.kind})`;
  return result.complexity.type;
}

describe("ReDoS: every pattern the scrubber runs is linear", () => {
  const patterns = scrubPatterns();

  it("lists every stage's patterns", () => {
    expect(patterns.length).toBeGreaterThan(90);
    expect(new Set(patterns.map((p) => p.id)).size).toBe(patterns.length);
  });

  it.each(patterns.map((p) => [p.id, p.pattern] as const))(
    "%s cannot backtrack super-linearly",
    async (_id, pattern) => {
      // "safe": no loop at all; "linear": loops, but no super-linear backtracking.
      expect(["safe", "linear"]).toContain(await complexity(pattern.source, pattern.flags));
    },
    120_000,
  );

  it("keeps context patterns (home, repo and account names) linear", async () => {
    for (const pattern of [
      literalPattern(["/home/ada.king", "C:\\Users\\ada.king"]),
      separatedPattern(["acme/secret-repo", "secret-repo", "ada.king", "ada_king", "adaking"]),
      gluedPattern([
        ["Secret", "Repo"],
        ["ada", "king"],
      ]),
    ]) {
      expect(pattern).toBeDefined();
      expect(["safe", "linear"]).toContain(
        await complexity(pattern?.source ?? "", pattern?.flags ?? ""),
      );
    }
  }, 120_000);
});

describe("ReDoS check sanity: the reduced check still sees bad shapes", () => {
  it.each([
    ["(a+)+$", "exponential"],
    ["(?:a|a)*b", "exponential"],
    ["\\s*\\s*$", "polynomial"],
    ["[a-z]+[a-z0-9]+@", "polynomial"],
    ["(?<![a-z])[a-z]{1,64}[a-z0-9]{2,}@", "polynomial"],
  ])(
    "flags %s as %s",
    async (source, expected) => {
      expect(await complexity(source, "")).toBe(expected);
    },
    120_000,
  );
});
