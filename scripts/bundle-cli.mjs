// Bundles what `import "crashfix/cli"` loads (lib/cli/index.js and the ~20
// small modules a host's start and crash need) into lib/cli/index.bundle.js,
// the file package.json's "./cli" export points at. Every ES module a host
// imports costs a resolution, a read and a compile; one file costs them once
// (measured with `npm run bench -- cli`: import 14.6 ms for the modules,
// 5.2 ms for the bundle, resolving "crashfix/cli" included). What loads on demand stays in separate files: the zod config
// check, the commands and the sender (dynamic import()), the flusher start,
// and the scrubber (lib/redact/capture.bundle.cjs). Runs after tsc, in
// `npm run build`.
import { createRequire } from "node:module";
import { build } from "esbuild";

const OUTFILE = "lib/cli/index.bundle.js";

// Modules the client loads only when needed; none may be pulled into the
// bundle (zod above all: it costs tens of milliseconds to load).
const LAZY = [
  "lib/cli/config-schema.js",
  "lib/cli/run-command.js",
  "lib/cli/flush-outbox.js",
  "lib/cli/flush-state.js",
  "lib/cli/spawn-flusher.js",
];

// `import { readFileSync } from "node:fs"` in an ES module builds fs's ES
// module facade, which loads fs/promises, readline and the stream modules
// (~3 ms). process.getBuiltinModule (Node >= 20.16, Bun) hands over the
// module itself, without them; require() is the fallback for runtimes
// without it. The shim names each export (the plain values the built-in has
// here, no getters such as fs.promises) so that esbuild keeps only the ones
// used and no interop copy of the whole module is made at start.
const require = createRequire(import.meta.url);
const builtins = {
  name: "builtins-without-facade",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === "require-call"
        ? { path: args.path, external: true }
        : { path: args.path, namespace: "builtin" },
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const id = JSON.stringify(args.path);
      const names = Object.entries(Object.getOwnPropertyDescriptors(require(args.path)))
        .filter(([name, descriptor]) => "value" in descriptor && /^[A-Za-z_$][\w$]*$/.test(name))
        .map(([name]) => name)
        .filter((name) => name !== "default");
      return {
        contents: [
          `const builtin = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule(${id}) : require(${id});`,
          ...names.map(
            (name) => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`,
          ),
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

// The commands and the sender are loaded with import() on first use.
const dynamicImportsStayFiles = {
  name: "dynamic-imports-stay-files",
  setup(build) {
    build.onResolve({ filter: /^\.\// }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};

const result = await build({
  entryPoints: ["lib/cli/index.js"],
  outfile: OUTFILE,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  legalComments: "none",
  // Every host start compiles this file; minified (33 KB to ~17 KB) its
  // import in a fresh process took 0.05-0.6 ms less in four comparisons
  // (medians of 11 and 21 runs; 1.2-1.5 ms against 1.5-1.8 ms). Exported names stay; the client's errors carry explicit
  // names and none of its functions is looked up by name. lib/cli/*.js
  // stay readable for debugging.
  minify: true,
  metafile: true,
  logLevel: "warning",
  plugins: [builtins, dynamicImportsStayFiles],
});

const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("builtin:"));
const problems = inputs.filter(
  (input) => !input.startsWith("lib/cli/") || LAZY.includes(input) || input.includes("/commands/"),
);
const imports = result.metafile.outputs[OUTFILE]?.imports ?? [];
for (const entry of imports) {
  const allowed =
    (entry.kind === "dynamic-import" && entry.path.startsWith("./")) ||
    (entry.kind === "require-call" && entry.path.startsWith("node:"));
  if (!allowed) problems.push(`${entry.kind} ${entry.path}`);
}
if (problems.length > 0) {
  console.error(
    `the cli bundle must hold only the start and crash path, found: ${problems.join(", ")}`,
  );
  process.exit(1);
}
console.log(`bundled crashfix/cli: ${inputs.length} modules`);
