// Bundles the client's crash path (lib/redact/capture.js and the ~36 small
// modules of scrubber rules it imports) into one CommonJS file. A crashing
// host loads it synchronously with require(): one file instead of many, and
// CommonJS instead of require() of ES modules, which for the same code takes
// about twice as long (measured on the development machine: ~11 ms for the
// ES module bundle against ~5 ms for this one; ~40 ms for the modules one
// by one). That time is added to every crash. Runs after tsc, in
// `npm run build`.
import { build } from "esbuild";

const result = await build({
  entryPoints: ["lib/redact/capture.js"],
  outfile: "lib/redact/capture.bundle.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
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
console.log(`bundled the capture path: ${Object.keys(result.metafile.inputs).length} modules`);
