// Builds the client package (cli/package.json, name `crashfix`) into
// cli/dist/: what a host CLI installs. No runtime dependency: the scrubber
// (redact/) and the config checks are bundled in, and the build fails if
// anything from node_modules would be. Runs in `npm run build`.
//
//   dist/index.js         import "crashfix": a start and a crash need only this file
//   dist/bin/crashfix.js  the `crashfix` command
//   dist/redact.js        import "crashfix/redact": the scrubber alone
//   dist/*-<hash>.js      code the entries share, and what loads on first use
//                         (the commands, the sender)
//   dist/types/           the declarations (tsc)
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const OUT = "cli/dist";
rmSync(OUT, { recursive: true, force: true });

const result = await build({
  entryPoints: {
    index: "cli/index.ts",
    "bin/crashfix": "cli/bin/crashfix.ts",
    redact: "redact/scrubber.ts",
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Every shared chunk sits in dist/ itself, beside index.js: cli/bin-path.ts
  // finds bin/ and crashfix.sh from wherever its code lands.
  chunkNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

const problems = [];
const inputs = Object.keys(result.metafile.inputs);
const foreign = inputs.filter((input) => input.includes("node_modules"));
if (foreign.length > 0) problems.push(`packages bundled in: ${foreign.join(", ")}`);
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  for (const entry of output.imports) {
    if (entry.external && !entry.path.startsWith("node:")) {
      problems.push(`${file} imports ${entry.path}`);
    }
  }
}
// The command must stay a thin file in bin/: its code lives in the shared chunks.
const binInputs = Object.keys(result.metafile.outputs[`${OUT}/bin/crashfix.js`]?.inputs ?? {});
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
console.log(`built the client package: ${inputs.length} modules into ${OUT}`);
