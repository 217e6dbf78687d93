import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The parts of a built lib/redact the bench calls. */
export interface RedactLib {
  redactValue: typeof import("../../redact/redact-value.js").redactValue;
  MAX_INPUT_CHARS: number;
  RULES_VERSION: string;
}

/**
 * A build of lib/redact, as the client, the ingest and the Actions load it
 * (not the sources through tsx, whose transform is not what ships);
 * undefined when `dir` holds none.
 */
export async function loadRedactLib(dir: string): Promise<RedactLib | undefined> {
  if (!existsSync(join(dir, "redact-value.js"))) return undefined;
  const load = async <T>(file: string): Promise<T> =>
    (await import(pathToFileURL(join(dir, file)).href)) as T;
  const { redactValue } =
    await load<typeof import("../../redact/redact-value.js")>("redact-value.js");
  const { MAX_INPUT_CHARS } = await load<typeof import("../../redact/limits.js")>("limits.js");
  const { RULES_VERSION } =
    await load<typeof import("../../redact/rules-version.js")>("rules-version.js");
  return { redactValue, MAX_INPUT_CHARS, RULES_VERSION };
}
