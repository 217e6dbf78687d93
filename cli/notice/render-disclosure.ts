import type { CollectionDecision } from "../collection/decide-collection.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { wrapText } from "./wrap-text.js";

type DisclosureInput = Pick<
  ResolvedConfig,
  "displayName" | "repo" | "endpoint" | "privacyUrl" | "command" | "envPrefix" | "autoFix"
> &
  Partial<Pick<ResolvedConfig, "paths">>;

/** The decision the notice is shown under; without one, collection is taken to be on. */
export type DisclosureCollection = Pick<CollectionDecision, "state" | "reason" | "source">;

// The seed's wording (shared/seed-plan.md, section 6a) where it is true:
// reports go to the maintainers' private triage repository and only
// confirmed crashes become public issues, the host tries to auto-resolve
// them only where the maintainers said they run the auto-fix workflow, and
// without an endpoint nothing is sent at all. The list names every kind of
// field a report holds: the project id is a hash of the git remote, which
// someone who guesses the remote can confirm, so it is named too. Plain
// text: no emojis, no em dashes. Prose is wrapped; the lines that name a
// command are not, so the command can be copied whole.
const WHAT =
  "(os, arch, version, error type, sanitized stack signatures, and a hash of the project's git remote, for counting distinct projects). Never your code, prompts, paths, keys, or repo names.";

const kept = (name: string) =>
  `${name} saves a crash report on this machine when it hits an error it did not expect: anonymous diagnostics only ${WHAT}`;

const seePrivacy = (config: DisclosureInput) =>
  config.privacyUrl ? `See ${config.privacyUrl}.\n` : "";

/** Words to add: prose joins the wrapped text; a line names a command and stays whole. */
type Hint = { prose?: string; line?: string };

/** How to share a kept report without sending anything: crash submit prints it with an issue link. */
function shareByHand(config: DisclosureInput): Hint {
  if (config.command !== undefined) {
    return {
      line: `To share one with the maintainers as a public issue, seen by you first: ${config.command} crash submit <id>\n`,
    };
  }
  return config.repo
    ? {
        prose: `To share one with the maintainers, attach its file to an issue at github.com/${config.repo}.`,
      }
    : {};
}

/** What would send reports, by where the opt-out came from (the reason names the switch). */
function turnOn(config: DisclosureInput, collection: DisclosureCollection): Hint {
  const toSend = "To send reports to the maintainers,";
  if (collection.source === "ci")
    return { prose: `${toSend} set ${config.envPrefix}_TELEMETRY=on in CI.` };
  if (collection.source !== "config") {
    return { prose: `${toSend} remove that setting from the environment.` };
  }
  if (config.command !== undefined) {
    return { line: `${toSend} turn it on with: ${config.command} telemetry on\n` };
  }
  const file = config.paths?.configFile ?? "its config file";
  return { prose: `${toSend} set TELEMETRY_DISABLED=false in ${file}.` };
}

/**
 * The notice under an opt-out already in force: it says so, by the switch
 * the decision names, and what would send reports (or, with no endpoint,
 * how to share one by hand).
 */
function renderOff(config: DisclosureInput, collection: DisclosureCollection): string {
  const off = `Collection is off on this machine (${collection.reason}): reports are kept here, and nothing is sent.`;
  const next = config.endpoint === undefined ? shareByHand(config) : turnOn(config, collection);
  const prose = `${kept(config.displayName)} ${off}${next.prose ? ` ${next.prose}` : ""}`;
  return `${wrapText([prose])}${seePrivacy(config)}${next.line ?? ""}`;
}

/** The notice a host's first run shows once, on stderr, before anything can leave the machine. */
export function renderDisclosure(
  config: DisclosureInput,
  collection?: DisclosureCollection,
): string {
  if (collection?.state === "off") return renderOff(config, collection);
  const name = config.displayName;
  const { command } = config;
  // Without a command on this machine, the switches that always work.
  const switches =
    command === undefined
      ? `${config.envPrefix}_TELEMETRY=off (or DO_NOT_TRACK=1) in the environment`
      : `${command} telemetry off (or ${config.envPrefix}_TELEMETRY=off)`;
  const turnOff = `${seePrivacy(config)}Turn this off anytime with: ${switches}\n`;
  if (config.endpoint === undefined) {
    const stay = `${kept(name)} Reports stay on this machine; nothing is sent.`;
    const share = shareByHand(config);
    return `${wrapText([`${stay}${share.prose ? ` ${share.prose}` : ""}`])}${share.line ?? ""}${turnOff}`;
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
