import { createRequire } from "node:module";
import type * as Redact from "../redact/capture.js";
import type * as CaptureEvent from "./capture-event.js";
import type * as ConfigSchema from "./config-schema.js";
import type * as FlushState from "./flush-state.js";
import type * as FormatCrashNotice from "./format-crash-notice.js";
import type * as RenderDisclosure from "./render-disclosure.js";
import type * as SpawnFlusher from "./spawn-flusher.js";

// zod (which the config schema is built on) takes tens of milliseconds to
// load, and so does the scrubber. A host pays for each only when it needs
// it: on its first crash, when it creates a reporter from an unstamped
// config, or in a crashfix command, never merely by importing crashfix/cli.
// The crash path loads redact/capture.js (bundled into one file), the
// scrubber without zod. require() of an ES module is synchronous
// (Node >= 20.19, Bun), which the crash path needs: a dying process cannot
// await an import.
const load = createRequire(import.meta.url);

let redact: typeof Redact | undefined;
let configSchema: typeof ConfigSchema | undefined;
let capture: typeof CaptureEvent | undefined;
let notice: typeof FormatCrashNotice | undefined;

function loadFirst(candidates: string[]): unknown {
  let missing: unknown;
  for (const candidate of candidates) {
    try {
      return load(candidate);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
      missing = error;
    }
  }
  throw missing;
}

/** The scrubber and the report check, without zod: the crash path loads it. */
export function loadRedact(): typeof Redact {
  // One bundled file (scripts/bundle-capture.mjs): a crash pays for one
  // module load instead of ~30. Run from source (tsx, Bun), there is no
  // bundle and the modules load one by one.
  redact ??= loadFirst(["../redact/capture.bundle.js", "../redact/capture.js"]) as typeof Redact;
  return redact;
}

export function loadConfigSchema(): typeof ConfigSchema {
  configSchema ??= load("./config-schema.js") as typeof ConfigSchema;
  return configSchema;
}

/** The capture path (store, git origin, failure log): only a crash needs it. */
export function loadCapture(): typeof CaptureEvent {
  capture ??= load("./capture-event.js") as typeof CaptureEvent;
  return capture;
}

export function loadCrashNotice(): typeof FormatCrashNotice {
  notice ??= load("./format-crash-notice.js") as typeof FormatCrashNotice;
  return notice;
}

/** Only the first run shows the disclosure. */
export function loadDisclosure(): typeof RenderDisclosure {
  return load("./render-disclosure.js") as typeof RenderDisclosure;
}

/** Only a start with queued reports looks at the backoff and spawns a flusher. */
export function loadFlushStart(): typeof FlushState & typeof SpawnFlusher {
  return {
    ...(load("./flush-state.js") as typeof FlushState),
    ...(load("./spawn-flusher.js") as typeof SpawnFlusher),
  };
}
