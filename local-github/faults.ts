import type { FaultRule } from "./options.js";

export type FaultDecision = {
  latencyMs: number;
  fail?: { status: number; reset: boolean; phase: "before" | "after" };
};

type LiveRule = FaultRule & { injected: number };

/** Decides, per request, whether an injected fault applies (rules match by route key or `*`). */
export class FaultInjector {
  private rules: LiveRule[] = [];
  injected = 0;

  constructor(
    rules: FaultRule[],
    private readonly random: () => number,
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule, injected: 0 }));
  }

  list(): FaultRule[] {
    return this.rules.map(({ injected: _injected, ...rule }) => rule);
  }

  decide(routeKey: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.route !== "*" && rule.route !== routeKey) continue;
      decision.latencyMs = Math.max(decision.latencyMs, rule.latencyMs);
      if (decision.fail || (rule.status === undefined && !rule.reset)) continue;
      const spent = rule.times !== undefined && rule.injected >= rule.times;
      if (spent || rule.rate === 0 || this.random() >= rule.rate) continue;
      rule.injected += 1;
      this.injected += 1;
      decision.fail = { status: rule.status ?? 502, reset: rule.reset, phase: rule.phase };
    }
    return decision;
  }
}
