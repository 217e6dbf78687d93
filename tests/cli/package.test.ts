import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { clientHost, installedPackage, ROOT } from "./helpers.js";

// What a host CLI gets from `npm install crashfix`: the packed tarball,
// installed into an empty project (tests/setup/install-client.ts).

const ONE_MIB = 1024 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile());
}

describe("the crashfix package, installed", () => {
  const manifest = () =>
    JSON.parse(readFileSync(join(installedPackage(), "package.json"), "utf8")) as Record<
      string,
      unknown
    >;

  it("has no dependency of any kind and no install script", () => {
    const pkg = manifest();
    for (const field of [
      "dependencies",
      "peerDependencies",
      "optionalDependencies",
      "bundleDependencies",
    ]) {
      expect(pkg[field], field).toBeUndefined();
    }
    const scripts = (pkg.scripts ?? {}) as Record<string, string>;
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
      expect(scripts[hook], hook).toBeUndefined();
    }
  });

  it("is the only package `npm ls --all` shows in the host", () => {
    const tree = JSON.parse(
      execFileSync("npm", ["ls", "--all", "--json"], { cwd: clientHost(), encoding: "utf8" }),
    ) as { dependencies: Record<string, { dependencies?: unknown }> };
    expect(Object.keys(tree.dependencies)).toEqual(["crashfix"]);
    expect(tree.dependencies.crashfix?.dependencies).toBeUndefined();
  });

  it("holds the built client, crashfix.sh and the privacy template, under 1 MiB, with no native code", () => {
    const files = filesUnder(installedPackage());
    const size = files.reduce(
      (sum, name) => sum + statSync(join(installedPackage(), name)).size,
      0,
    );
    expect(size).toBeLessThan(ONE_MIB);
    expect(files.filter((name) => name.endsWith(".node"))).toEqual([]);
    const top = new Set(files.map((name) => name.split("/")[0]));
    expect([...top].sort()).toEqual([
      "PRIVACY-TEMPLATE.md",
      "README.md",
      "crashfix.sh",
      "dist",
      "package.json",
      "redact",
    ]);
    expect(files.filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))).toEqual([]);
  });

  // There is no repository URL to make links absolute to: a relative link
  // must name a file the tarball holds, or the README on npm points nowhere.
  it.each(["README.md", "PRIVACY-TEMPLATE.md"])(
    "has no link in its %s to a file outside the tarball",
    (name) => {
      const text = readFileSync(join(installedPackage(), name), "utf8");
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
      const relative = targets.filter((target) => !/^(?:[a-z]+:|#)/i.test(target));
      const missing = relative.filter((target) => {
        const file = resolve(installedPackage(), target.replace(/#.*$/, ""));
        return !file.startsWith(`${installedPackage()}${sep}`) || !existsSync(file);
      });
      expect(missing).toEqual([]);
    },
  );

  it("names in PRIVACY-TEMPLATE.md's header every {{placeholder}} its text uses", () => {
    const text = readFileSync(join(installedPackage(), "PRIVACY-TEMPLATE.md"), "utf8");
    const header = text.slice(0, text.indexOf("-->"));
    const listed = new Set([...header.matchAll(/^ {2}(\{\{\w+\}\})/gm)].map((m) => m[1]));
    const used = new Set(
      [...text.slice(header.length).matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]),
    );
    expect([...used].filter((placeholder) => !listed.has(placeholder))).toEqual([]);
  });

  it("is resolved through main, with no exports map (Node's exports resolution costs every start)", () => {
    const pkg = manifest();
    expect(pkg.exports).toBeUndefined();
    expect(pkg.main).toBe("./dist/index.js");
  });

  it("gives its two entry points to an ES module host and to a CommonJS one", () => {
    const esm = `import { createCrashReporter } from "crashfix";
import { redactValue, RULES_VERSION } from "crashfix/redact";
console.log(typeof createCrashReporter, typeof RULES_VERSION, redactValue("mail a@b.example"));
`;
    const cjs = `const { createCrashReporter } = require("crashfix");
const { redactValue, RULES_VERSION } = require("crashfix/redact");
console.log(typeof createCrashReporter, typeof RULES_VERSION, redactValue("mail a@b.example"));
`;
    writeFileSync(join(clientHost(), "entry-points.mjs"), esm);
    writeFileSync(join(clientHost(), "entry-points.cjs"), cjs);
    for (const file of ["entry-points.mjs", "entry-points.cjs"]) {
      const result = spawnSync(process.execPath, [file], { cwd: clientHost(), encoding: "utf8" });
      expect(result.status, `${file}: ${result.stderr}`).toBe(0);
      expect(result.stdout, file).toBe("function string mail [REDACTED:EMAIL]\n");
    }
  });

  it("runs its command from the host's node_modules/.bin", () => {
    const result = spawnSync(join(clientHost(), "node_modules/.bin/crashfix"), ["--version"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`crashfix ${String(manifest().version)}\n`);
  });

  it("gives a strict TypeScript host its types without zod and without skipLibCheck", () => {
    const dir = join(clientHost(), "ts-host");
    // A Node host in TypeScript has Node's types; nothing else is needed.
    mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules/@types/node"), join(dir, "node_modules/@types/node"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
          lib: ["ES2022"],
        },
        files: ["cli.ts"],
      }),
    );
    writeFileSync(
      join(dir, "cli.ts"),
      `import { type CrashReporterConfig, crashfixEnv, createCrashReporter, decideCollection, runCrashfixCommand } from "crashfix";
import { redactValue } from "crashfix/redact";
const config: CrashReporterConfig = { app: "loki", version: "1.0.0", repo: "acme/loki" };
const reporter = createCrashReporter(config).install({ ignoreExitCodes: [2] });
const on: boolean = reporter.decision().enabled && decideCollection(config).enabled;
const code: Promise<number> = runCrashfixCommand(["crash"], { config });
const clean: string = redactValue("token ghp_x");
const childEnv: Record<string, string | undefined> = { PATH: process.env.PATH, ...crashfixEnv() };
export { childEnv, clean, code, on };
`,
    );
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
