// Bundles the client's crash path (lib/redact/capture.js and the ~36 small
// modules of scrubber rules it imports) into one CommonJS file. A crashing
// host loads it synchronously with require(): one file instead of many, and
// CommonJS instead of require() of ES modules, which for the same code takes
// about twice as long (measured on the development machine: ~11 ms for the
// ES module bundle against ~5 ms for this one; ~40 ms for the modules one
// by one). That time is added to every crash. Runs after tsc, in
// `npm run build`.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { asScriptBundle } from "../lib/cli/code-cache.js";

const result = await build({
  entryPoints: ["lib/redact/capture.js"],
  outfile: "lib/redact/capture.bundle.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
  // Half the size (45 KB against 89 KB): the crash reads the file into a
  // string and V8 keeps it. Names are not needed: the scrubber's own
  // errors carry an explicit name, and none of its functions is looked up
  // by name. lib/redact/*.js stay readable for debugging.
  minify: true,
  metafile: true,
  logLevel: "warning",
});

// The crash path must not pull in a dependency (zod, above all): only our own
// files and Node's built-ins may be in the bundle.
const foreign = Object.keys(result.metafile.inputs).filter((input) =>
  input.includes("node_modules"),
);
if (foreign.length > 0) {
  console.error(
    `the capture bundle must hold only crashfix's own code, found: ${foreign.join(", ")}`,
  );
  process.exit(1);
}
// The first line names the bundle by its content, so the client's V8 code
// cache (cli/code-cache.ts) can tell which source it was made for without
// hashing ~85 KB on every crash.
const OUTFILE = "lib/redact/capture.bundle.cjs";
const code = readFileSync(OUTFILE, "utf8");
// Nor node:crypto, whose first load costs a crashing host about 4 ms.
if (code.includes('require("node:crypto")')) {
  console.error("the capture bundle must not load node:crypto (see redact/sha256-hex.ts)");
  process.exit(1);
}
// One file that require() runs as a module and the client's code-cache
// loader runs as a script (see asScriptBundle in cli/code-cache.ts).
const dual = asScriptBundle(code);
const hash = createHash("sha256").update(dual).digest("hex");
writeFileSync(OUTFILE, `// crashfix-bundle-sha256: ${hash}\n${dual}`);
console.log(`bundled the capture path: ${Object.keys(result.metafile.inputs).length} modules`);
