// Bundles each Action entry (actions/<name>/index.ts) into dist/<name>/index.js
// with @vercel/ncc, the layout action.yml points at. The bundles are committed;
// CI rebuilds them and fails on any difference.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const entries = readdirSync("actions", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join("actions", d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

for (const name of entries) {
  const result = spawnSync(
    process.execPath,
    [
      "node_modules/@vercel/ncc/dist/ncc/cli.js",
      "build",
      join("actions", name, "index.ts"),
      "-o",
      join("dist", name),
      "--target",
      "es2022",
      "--quiet",
    ],
    { stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(`bundled ${entries.length} action(s): ${entries.join(", ") || "none"}`);
