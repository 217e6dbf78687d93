// The client's start code as the build compiles it for dist/index.js to run
// from V8's code cache (start/load-client.ts): all of `import "crashfix"`,
// and the hooks that file hands it.
export * from "../index.js";
export { setStartHooks } from "./start-hooks.js";
