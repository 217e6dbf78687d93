// Runs every bench/*.bench.ts in its own process, one after another, so one
// benchmark's warm caches and garbage never colour the next one's figures.
// `npm run bench -- redact` runs only the files whose name contains "redact".
//
// Each file is bundled with esbuild (dependencies left external) and run by
// plain Node, not under tsx: tsx's loader also transforms the built lib/*.js
// a benchmark imports, and the scrubber ran at about 60-75 MB/s that way
// against 100-110 MB/s as Node loads it for a user.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

// In a bundle, import.meta is the bundle's: a module that finds its files
// beside itself (fixtures/actions/world.ts, its sample CLI) would look in
// bench/. Each TypeScript module gets its own source's URL, as under tsx.
const ownImportMeta: Plugin = {
  name: "own-import-meta",
  setup(bundler) {
    bundler.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
      contents: readFileSync(path, "utf8")
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(path))),
      loader: "ts",
    }));
  },
};

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const bundle = join(here, file.replace(/\.ts$/, ".bundle.mjs"));
  await build({
    entryPoints: [join(here, file)],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
    plugins: [ownImportMeta],
  });
  const result = spawnSync(process.execPath, [bundle], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  rmSync(bundle, { force: true });
  if (result.status !== 0) {
    failed += 1;
    process.stderr.write(`${file} exited with ${result.status ?? result.signal}\n`);
  }
}
if (files.length === 0) process.stderr.write("no benchmark matched\n");
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
