import type { ResolvedConfig } from "../config/resolve-config.js";
import { wrapText } from "./wrap-text.js";

type DisclosureInput = Pick<
  ResolvedConfig,
  "displayName" | "repo" | "endpoint" | "privacyUrl" | "command" | "envPrefix" | "autoFix"
>;

// The seed's wording (shared/seed-plan.md, section 6a) where it is true:
// reports go to the maintainers' private triage repository and only
// confirmed crashes become public issues, the host tries to auto-resolve
// them only where the maintainers said they run the auto-fix workflow, and
// without an endpoint nothing is sent at all. Plain text: no emojis, no em
// dashes. Prose is wrapped; the lines that name a command are not, so the
// command can be copied whole.
const WHAT =
  "(os, arch, version, error type, sanitized stack signatures). Never your code, prompts, paths, keys, or repo names.";

/** The notice a host's first run shows once, on stderr, before anything can leave the machine. */
export function renderDisclosure(config: DisclosureInput): string {
  const name = config.displayName;
  const { command } = config;
  // Without a command on this machine, the switches that always work.
  const switches =
    command === undefined
      ? `${config.envPrefix}_TELEMETRY=off (or DO_NOT_TRACK=1) in the environment`
      : `${command} telemetry off (or ${config.envPrefix}_TELEMETRY=off)`;
  const turnOff = `${config.privacyUrl ? `See ${config.privacyUrl}.\n` : ""}Turn this off anytime with: ${switches}\n`;
  if (config.endpoint === undefined) {
    const kept = `${name} saves a crash report on this machine when it hits an error it did not expect: anonymous diagnostics only ${WHAT} Reports stay on this machine; nothing is sent.`;
    if (command !== undefined) {
      return `${wrapText([kept])}To share one with the maintainers: ${command} crash submit <id>\n${turnOff}`;
    }
    const byHand = config.repo
      ? ` To share one with the maintainers, attach its file to an issue at github.com/${config.repo}.`
      : "";
    return wrapText([`${kept}${byHand}`]) + turnOff;
  }
  const publicRepo = config.repo ? `github.com/${config.repo}` : "its public repository";
  return (
    wrapText([
      `${name} reports the crashes you hit to its maintainers' private triage repository; confirmed crashes become issues at ${publicRepo}${
        config.autoFix
          ? `, and ${name} tries to auto-resolve them. If it cannot, we encourage you to open an issue`
          : ". We encourage you to open an issue there"
      } for anything causing hesitation.`,
      `We send anonymous diagnostics only ${WHAT} Nothing is sent until this run has ended.`,
    ]) + turnOff
  );
}
