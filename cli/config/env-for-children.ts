type Env = Record<string, string | undefined>;

// The opt-out crashfix writes into a host's environment is for the host's
// child processes, which inherit it. The process that wrote it reads its
// environment as the user gave it, so its own answers name the user's
// switch: after `loki telemetry off` (a setting in the config file) a
// mounted `loki telemetry status` says the config file turned it off, not a
// LOKI_TELEMETRY nobody set, and `loki telemetry on` takes effect in the
// same run. (The first-run mark is not set this way: it is true of the
// process that sets it too.)
//
// Kept per environment object (a host or a test may pass its own) and on a
// global symbol: the client's bundles (index.js, commands-entry.js) each have
// their own module state, and the commands run in the host's process.

type Written = Map<string, { value: string; before: string | undefined }>;
const WRITES = Symbol.for("crashfix.env-written-for-children");

function writes(): WeakMap<Env, Written> {
  const holder = globalThis as { [WRITES]?: WeakMap<Env, Written> };
  if (holder[WRITES] === undefined) {
    Object.defineProperty(holder, WRITES, { value: new WeakMap<Env, Written>() });
  }
  return holder[WRITES] as WeakMap<Env, Written>;
}

/** Sets `name` in `env` for the children this process starts. */
export function setForChildren(env: Env, name: string, value: string): void {
  let written = writes().get(env);
  if (written === undefined) {
    written = new Map();
    writes().set(env, written);
  }
  // The value before crashfix's first write is the user's.
  const before = written.get(name)?.before ?? env[name];
  written.set(name, { value, before });
  env[name] = value;
}

/**
 * `env` as the user gave it to this process: each variable crashfix set for
 * children, and nobody changed since, back to what it was.
 */
export function asTheUserGaveIt(env: Env): Env {
  const written = writes().get(env);
  if (written === undefined) return env;
  let given: Env | undefined;
  for (const [name, { value, before }] of written) {
    if (env[name] !== value) continue;
    given ??= { ...env };
    given[name] = before;
  }
  return given ?? env;
}
