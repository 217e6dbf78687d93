import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in the package.json nearest above this file: the package the
 * bins ship in, whether they run from the built lib/ or from source.
 */
export function packageVersion(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    try {
      const text = readFileSync(join(dir, "package.json"), "utf8");
      const version = (JSON.parse(text) as { version?: unknown }).version;
      if (typeof version === "string") return version;
    } catch {
      // no readable package.json here: look one folder up
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
