import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapStackToSource } from "../../cli/capture/map-stack-to-source.js";
import { fingerprint, normalizeStack } from "../../redact/index.js";
import { crashBundled } from "./bundled-host.js";
import { onlyReport } from "./helpers.js";

/**
 * A small CLI with two bugs, bundled and minified by esbuild as a host would
 * ship it, run by Node in its own process; each run prints the error's stack.
 * Filler functions put the bugs far into the one minified line, as in a
 * real bundle.
 */
const SOURCE = `
${Array.from({ length: 40 }, (_, i) => `export function helper${i}(x) { return x * ${i + 2} + ${i}; }`).join("\n")}
function parseConfig(text) {
  if (!text.includes("=")) throw new TypeError("bad config");
  return text.split("=");
}
function loadPlugins(names) {
  return names.map((name) => {
    if (name === "bad") throw new TypeError("bad plugin");
    return name;
  });
}
function main(mode) {
  const table = [${Array.from({ length: 40 }, (_, i) => `helper${i}`).join(", ")}];
  if (table.length === 0) return 0;
  return mode === "config" ? parseConfig("nope") : loadPlugins(["ok", "bad"]);
}
try {
  main(process.argv[2]);
} catch (error) {
  process.stdout.write(error.stack);
}
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crashfix-map-"));
  writeFileSync(join(dir, "cli.src.mjs"), SOURCE);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function bundle(name: string, sourcemap: boolean, banner = ""): Promise<string> {
  const outfile = join(dir, name, "cli.js");
  await build({
    entryPoints: [join(dir, "cli.src.mjs")],
    outfile,
    bundle: true,
    minify: true,
    sourcemap,
    banner: { js: banner },
    format: "cjs",
    platform: "node",
    logLevel: "error",
  });
  return outfile;
}

function crash(file: string, mode: "config" | "plugin"): string {
  return execFileSync(process.execPath, [file, mode], { encoding: "utf8" });
}

const signatures = (stack: string): string[] => normalizeStack(stack).slice(0, 5);
const print = (stack: string): string => fingerprint("TypeError", normalizeStack(stack));

describe("mapStackToSource on a real minified esbuild bundle", () => {
  it("without source maps, two bugs of one bundle keep two fingerprints (minified frames by position)", async () => {
    const file = await bundle("plain", false);
    const config = crash(file, "config");
    const plugin = crash(file, "plugin");
    expect(mapStackToSource(config)).toBe(config);
    expect(signatures(config).every((s) => /:cli:\d+:\d+$/.test(s))).toBe(true);
    expect(print(config)).not.toBe(print(plugin));
  });

  it("with source maps, frames get their original names and two bugs stay apart", async () => {
    const file = await bundle("mapped", true);
    const config = mapStackToSource(crash(file, "config"));
    const plugin = mapStackToSource(crash(file, "plugin"));
    expect(signatures(config)).toEqual(["parseConfig", "main", "anon:cli.src"]);
    // The unnamed callback that threw keeps its line in the original source.
    const thrown = SOURCE.split("\n").findIndex((line) => line.includes('"bad plugin"')) + 1;
    expect(signatures(plugin)).toEqual([
      `anon:cli.src:${thrown}`,
      "loadPlugins",
      "main",
      "anon:cli.src",
    ]);
    expect(print(config)).not.toBe(print(plugin));
  });

  it("with source maps, a rebuild of the same source gives the same fingerprint", async () => {
    const first = await bundle("first", true);
    const rebuilt = await bundle("rebuilt", true, "/* rebuilt: every position moves */\n");
    for (const mode of ["config", "plugin"] as const) {
      const before = crash(first, mode);
      const after = crash(rebuilt, mode);
      expect(print(after)).not.toBe(print(before));
      expect(print(mapStackToSource(after))).toBe(print(mapStackToSource(before)));
    }
  });

  it("leaves the stack as it is when a map cannot be read", async () => {
    const file = await bundle("broken", true);
    writeFileSync(`${file}.map`, "{ not json");
    const stack = crash(file, "config");
    expect(mapStackToSource(stack)).toBe(stack);
  });

  it("asks only whether a map exists, per distinct file, when none does", () => {
    const asked: string[] = [];
    const stack =
      "TypeError: x\n    at t (/app/cli.js:1:900)\n    at e (/app/cli.js:1:1200)\n    at node:internal/main:1:1";
    const out = mapStackToSource(stack, {
      exists: (path) => {
        asked.push(path);
        return false;
      },
      read: () => {
        throw new Error("must not read without a map");
      },
    });
    expect(out).toBe(stack);
    expect(asked).toEqual(["/app/cli.js.map"]);
  });

  it("never reads a map of the user's own files, so no name from one reaches the tool's frames", () => {
    // The tool's frame, called from the user's plugin: the plugin's map
    // names the variable the user called the tool's function through.
    const toolMap = JSON.stringify({
      version: 3,
      sources: ["../src/cli.ts"],
      names: [],
      mappings: "AAAA",
    });
    const userMap = JSON.stringify({
      version: 3,
      sources: ["webpack://plugin/./src/jdoe_payroll.ts"],
      names: ["jdoeSecretAlias"],
      mappings: "AAAAA",
    });
    const read: string[] = [];
    const stack = [
      "Error: tool failed",
      "    at toolExplode (/tool/dist/cli.js:1:10)",
      "    at run (/home/jdoe/proj/plugin.mjs:1:5)",
    ].join("\n");
    const out = mapStackToSource(
      stack,
      {
        exists: (path) => path.endsWith(".map"),
        read: (path) => {
          read.push(path);
          return path.startsWith("/tool/") ? toolMap : userMap;
        },
      },
      (file) => file.startsWith("/home/jdoe/"),
    );
    expect(read).toEqual(["/tool/dist/cli.js.map"]);
    expect(out).not.toContain("jdoe_payroll");
    expect(out).not.toContain("jdoeSecretAlias");
    // No name for it from its caller's map: it keeps its own.
    expect(out).toBe(stack);
  });

  it("puts a mapped frame under the bundle's path, by its source's file name", () => {
    const map = JSON.stringify({
      version: 3,
      sources: ["/build/agent/src/parse.ts"],
      names: [],
      mappings: "AAAA",
    });
    const out = mapStackToSource("Error: x\n    at /tool/dist/cli.js:1:10", {
      exists: () => true,
      read: () => map,
    });
    expect(out.split("\n")[1]).toBe("    at /tool/dist/cli.js/parse.ts:1:1");
  });

  it("reads every frame form the scrubber reads, and only host files with a line and column", () => {
    const asked: string[] = [];
    const stack = [
      "Error: x",
      "    at async run (file:///app/a.js:1:2)",
      "    at Object.<anonymous> (/Program Files (x86)/b.js:3:4)",
      "    at C:\\tools\\c.js:5:6",
      "    at d:/tools/d.js:7:8",
      "    at f (/app/e.js)",
      "    at g (/app/g.js:x:1)",
      "    at node:internal/main:1:1",
      "    at <anonymous>",
      "h@/app/h.js:9:10",
    ].join("\n");
    mapStackToSource(stack, {
      exists: (path) => {
        asked.push(path);
        return false;
      },
      read: () => "",
    });
    expect(asked).toEqual([
      "/app/a.js.map",
      "/Program Files (x86)/b.js.map",
      "C:\\tools\\c.js.map",
      "d:/tools/d.js.map",
      "/app/h.js.map",
    ]);
  });
});

describe("a bundled host that ships source maps reports original names", () => {
  const HOST = `import { createCrashReporter } from "crashfix";
createCrashReporter(JSON.parse(process.env.HOST_CONFIG)).install();
${Array.from({ length: 30 }, (_, i) => `export const pad${i} = (x) => x * ${i + 3};`).join("\n")}
function parseSettings(text) {
  if (!text.includes("=")) throw new TypeError("cannot parse settings");
  return text;
}
function main() {
  return parseSettings(process.argv[2] ?? "nope");
}
main();
`;

  async function crashBundledHost(sourcemap: boolean): Promise<string[]> {
    const { sandbox } = await crashBundled(HOST, {
      build: { minify: true, sourcemap, external: ["crashfix"] },
    });
    const { report } = await onlyReport(sandbox);
    return report.stack_signature as string[];
  }

  it("names the frames by their source when the map is there, by position when not", async () => {
    expect(await crashBundledHost(true)).toEqual(["parseSettings", "main", "anon:host.src"]);
    const minified = await crashBundledHost(false);
    expect(minified.every((signature) => /:tool:\d+:\d+$/.test(signature))).toBe(true);
  });
});
