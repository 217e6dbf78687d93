// A process has one set of crashes, so one reporter captures them: the first
// to install(). A library that embeds crashfix under its own app, beside the
// host that runs it, would otherwise file each crash twice, under two apps,
// with two notices. The same app installed twice (two reporters, or two
// copies of crashfix in node_modules) is one install.
//
// Kept on a global symbol: each copy of the client (a host's, a library's
// own, the bundles index.js and commands-entry.js) has its own module state.
// The slot holds only the app, so any version of crashfix can read it.

type Owner = { readonly app: string };
const OWNER = Symbol.for("crashfix.process-owner");
const holder = globalThis as { [OWNER]?: Owner | undefined };

/** The app whose reporter captures this process's crashes, if one was installed. */
export function processOwner(): Owner | undefined {
  return holder[OWNER];
}

/** Makes `owner` the process's reporter unless one is; true when it now is. */
export function claimProcess(owner: Owner): boolean {
  if (holder[OWNER] === undefined) {
    Object.defineProperty(holder, OWNER, { value: owner, configurable: true, writable: true });
  }
  return holder[OWNER] === owner;
}

/** Lets another reporter install, if `owner` is the process's. */
export function releaseProcess(owner: Owner): void {
  if (holder[OWNER] === owner) holder[OWNER] = undefined;
}
