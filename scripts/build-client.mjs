// Builds the client package (cli/package.json, name `crashfix`) into
// cli/dist/: what a host CLI installs. No runtime dependency: the scrubber
// (redact/) and the config check are bundled in, and the build fails if
// anything from node_modules would be. Runs in `npm run build`.
//
//   dist/index.js           import "crashfix": all a start needs, one file; the
//                           start code (cli/start/client-core.ts) is in it as
//                           a string, which it runs from V8's code cache
//                           (cli/start/load-client.ts)
//   dist/scrubber.cjs       what a capture runs: the scrubber, the report checks,
//                           the capture's own work and its notice, which a
//                           capture loads compiled from its code cache
//                           (cli/capture/scrubber.ts, scrubber-bundle.ts)
//   dist/commands-entry.js  the commands and the sender, which index.js and the
//                           command load on first use
//   dist/bin/crashfix.js    the `crashfix` command
//   dist/redact.js          import "crashfix/redact": the scrubber alone
//   dist/types/             the declarations (tsc)
//
// Each file is bundled on its own (no shared chunks): a host's start loads one
// module, not several, and the code the halves share is small. The scrubber
// must not load node:crypto or zod: a crashing host would pay for them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const OUT = "cli/dist";
rmSync(OUT, { recursive: true, force: true });

const SCRUBBER = "./scrubber.cjs";
// A CommonJS file whose value, run as a script, is its exports: require()
// runs it as a module (module.exports is set), node:vm as a script. The
// script way needs no wrapper string of its own, which would be allocated
// and copied whole.
const scriptValue = {
  format: "cjs",
  banner: { js: "(function(module){" },
  // `this` is module.exports only at the top of a CommonJS module.
  footer: {
    js: 'return module.exports})(typeof module=="object"&&this===module.exports?module:{exports:{}});',
  },
};
const bundles = [
  // A capture runs it through V8's code cache (Node 20, or a process that
  // goes on) or require() (cli/capture/scrubber.ts).
  { entry: "cli/capture/scrubber-bundle.ts", out: "scrubber.cjs", external: [], ...scriptValue },
  // No file: its text goes into dist/index.js. It has no import.meta; the
  // hooks dist/index.js hands it stand in (cli/start/start-hooks.ts).
  {
    entry: "cli/start/client-core.ts",
    out: "client-core.cjs",
    external: ["./commands-entry.js", SCRUBBER],
    ...scriptValue,
    write: false,
  },
  { entry: "cli/start-entry.ts", out: "index.js", external: ["./commands-entry.js"] },
  { entry: "cli/commands-entry.ts", out: "commands-entry.js", external: [SCRUBBER] },
  { entry: "cli/bin/crashfix.ts", out: "bin/crashfix.js", external: ["../commands-entry.js"] },
  { entry: "redact/scrubber.ts", out: "redact.js", external: [] },
];

// The files that load the scrubber name its content, so a capture's code
// cache of it is keyed by what it compiled (cli/capture/scrubber.ts). It is
// built first for that.
let scrubber;
let clientCore;
const results = [];
for (const bundle of bundles) {
  results.push(
    await build({
      entryPoints: [bundle.entry],
      outfile: join(OUT, bundle.out),
      write: bundle.write ?? true,
      bundle: true,
      format: bundle.format ?? "esm",
      platform: "node",
      target: "node20",
      external: bundle.external,
      legalComments: "none",
      banner: bundle.banner,
      footer: bundle.footer,
      // Whole-process cost: a crash reads, decodes and compiles these files
      // (about 1 ms per 100 KB each on the build machine), so they ship small.
      minify: true,
      // Node prints the source line an uncaught error was thrown from: a host
      // author whose config is refused sees a line, not the whole bundle.
      lineLimit: 120,
      metafile: true,
      logLevel: "warning",
      // The start code's import.meta is empty by design (see above).
      logOverride: { "empty-import-meta": "silent" },
      define: {
        ...(scrubber === undefined
          ? {}
          : {
              CRASHFIX_SCRUBBER_ID: JSON.stringify(scrubber.id),
              CRASHFIX_SCRUBBER_BYTES: String(scrubber.bytes),
            }),
        ...(clientCore === undefined
          ? {}
          : {
              CRASHFIX_CLIENT_SOURCE: JSON.stringify(clientCore.source),
              CRASHFIX_CLIENT_ID: JSON.stringify(clientCore.id),
            }),
      },
    }),
  );
  const contentId = (content) => createHash("sha256").update(content).digest("hex").slice(0, 16);
  if (bundle.out === "scrubber.cjs") {
    const content = readFileSync(join(OUT, bundle.out));
    scrubber = { id: contentId(content), bytes: content.length };
  }
  if (bundle.out === "client-core.cjs") {
    const source = results.at(-1).outputFiles[0].text;
    clientCore = { source, id: contentId(source) };
  }
}

const problems = [];
const inputs = new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)));
const foreign = [...inputs].filter((input) => input.includes("node_modules"));
if (foreign.length > 0) problems.push(`packages bundled in: ${foreign.join(", ")}`);
for (const [index, result] of results.entries()) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    for (const entry of output.imports) {
      const allowed =
        entry.path.startsWith("node:") || bundles[index]?.external.includes(entry.path);
      if (entry.external && !allowed) problems.push(`${file} imports ${entry.path}`);
    }
  }
}
// The command stays a thin file in bin/: cli/bin-path.ts finds bin/ and
// crashfix.sh from dist/, where the rest of the code is.
const binInputs = Object.keys(
  results[bundles.findIndex((bundle) => bundle.out === "bin/crashfix.js")]?.metafile.inputs ?? {},
);
if (binInputs.join() !== "cli/bin/crashfix.ts") {
  problems.push(
    `dist/bin/crashfix.js holds more than cli/bin/crashfix.ts: ${binInputs.join(", ")}`,
  );
}

const types = spawnSync(
  process.execPath,
  ["node_modules/typescript/bin/tsc", "-p", "cli/tsconfig.types.json"],
  {
    stdio: "inherit",
  },
);
if (types.status !== 0) problems.push("tsc could not write the declarations");
const scrubberCode = readFileSync(join(OUT, "scrubber.cjs"), "utf8");
// One non-ASCII character makes V8 hold the whole file as a two-byte string,
// twice the memory to decode and compile on every crash: write such
// characters as \u escapes in the source (esbuild keeps regex literals as written).
for (const bundle of ["index.js", "scrubber.cjs"]) {
  const at = readFileSync(join(OUT, bundle)).findIndex((byte) => byte > 0x7f);
  if (at !== -1) problems.push(`dist/${bundle} has a non-ASCII character at byte ${at}`);
}
// dist/index.js exports what cli/index.ts does (cli/start-entry.ts names them).
const startExports = results[bundles.findIndex((bundle) => bundle.out === "index.js")];
const coreExports = results[bundles.findIndex((bundle) => bundle.out === "client-core.cjs")];
const exportedBy = (result) =>
  Object.values(result.metafile.outputs).flatMap((output) => output.exports ?? []);
const missing = exportedBy(coreExports).filter(
  (name) => name !== "setStartHooks" && !exportedBy(startExports).includes(name),
);
if (missing.length > 0) problems.push(`dist/index.js does not export ${missing.join(", ")}`);
for (const heavy of ["node:crypto", "zod"]) {
  if (scrubberCode.includes(`require("${heavy}")`))
    problems.push(`dist/scrubber.cjs loads ${heavy}`);
}
// A host has no zod: no declaration may name it.
const declarations = readdirSync(join(OUT, "types"), { recursive: true }).filter((name) =>
  String(name).endsWith(".d.ts"),
);
for (const name of declarations) {
  if (/from "zod"/.test(readFileSync(join(OUT, "types", String(name)), "utf8"))) {
    problems.push(`dist/types/${name} imports zod`);
  }
}

if (problems.length > 0) {
  console.error(`the client package cannot ship like this:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`built the client package: ${inputs.size} modules into ${OUT}`);
