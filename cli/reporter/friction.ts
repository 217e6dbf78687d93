import type { FrictionKind as ReportFrictionKind } from "../../redact/capture.js";
import type { CaptureInput } from "../capture/capture-event.js";

export type FrictionKind = ReportFrictionKind;

const PROVIDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/;

// The frames below are made up, words the host chose: `framesMadeUp` keeps
// the capture from judging them as code of the tool's or the user's.

/** A friction report: a loop the host noticed, not an error. */
export function frictionCapture(kind: FrictionKind, phase: string | undefined): CaptureInput {
  const input: CaptureInput = {
    errorClass: "Friction",
    frictionKind: kind,
    framesMadeUp: true,
    stack: `Friction\n    at ${kind} (friction)`,
  };
  if (phase !== undefined) input.phase = phase;
  return input;
}

/**
 * A report for a provider that keeps failing: the provider's id and the HTTP
 * status as frames, so each provider and status groups on its own. A 429 is
 * tagged as a rate-limit loop.
 */
export function providerCapture(
  provider: string,
  status: number | undefined,
  phase: string | undefined,
): { provider: string; input: CaptureInput } {
  const id = PROVIDER.test(provider) ? provider : "unknown";
  const statusFrame =
    status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599
      ? `\n    at http_${status} (provider)`
      : "";
  const frames = (name: string) =>
    `ProviderFailure\n    at provider_${name} (provider)${statusFrame}`;
  const input: CaptureInput = {
    errorClass: "ProviderFailure",
    framesMadeUp: true,
    stack: frames(id.replace(/[.-]/g, "_")),
    madeUpFrom: { words: id, redactedStack: frames("redacted") },
  };
  if (status === 429) input.frictionKind = "rate_limit_loop";
  if (phase !== undefined) input.phase = phase;
  return { provider: id, input };
}
