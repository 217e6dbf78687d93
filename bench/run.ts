// Runs every bench/*.bench.ts in its own process, one after another, so one
// benchmark's warm caches and garbage never colour the next one's figures.
// `npm run bench -- redact` runs only the files whose name contains "redact".
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    failed += 1;
    process.stderr.write(`${file} exited with ${result.status ?? result.signal}\n`);
  }
}
if (files.length === 0) process.stderr.write("no benchmark matched\n");
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
