// What `npm install` of the client brings into a host CLI, beside the peer
// crashfix replaces. crashfix: the real thing, `npm pack` of cli/ installed
// into an empty project. @sentry/node: the dependency tree npm installed for
// this repository's devDependency (the same versions, read from the root
// package-lock.json), since a fresh install would need the network.
// Sizes are the files' bytes and the disk blocks they take (`du`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "cli/dist/index.js"))) {
  process.stderr.write("bench/footprint: build first (npm run build)\n");
  process.exit(1);
}

type LockEntry = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  hasInstallScript?: boolean;
};
type Lock = { packages: Record<string, LockEntry> };

type Footprint = {
  packages: number;
  bytes: number;
  diskBytes: number;
  installScripts: string[];
  nativeFiles: number;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => statSync(file).isFile());
}

function diskBytes(dirs: string[]): number {
  const out = execFileSync("du", ["-sk", "-c", ...dirs], { encoding: "utf8" });
  const total = out.trimEnd().split("\n").at(-1) ?? "0";
  return Number(total.split(/\s+/)[0]) * 1024;
}

/** Package folders (node_modules/...) of a lockfile's tree, from `start` and everything it needs. */
function closure(lock: Lock, start: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const entry = lock.packages[path] ?? {};
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      // Node's lookup: the nearest node_modules/<name> up from the dependent.
      let base = path;
      for (;;) {
        const candidate = `${base}/node_modules/${name}`;
        if (lock.packages[candidate]) {
          visit(candidate);
          break;
        }
        const at = base.lastIndexOf("/node_modules/");
        if (at < 0) {
          if (lock.packages[`node_modules/${name}`]) visit(`node_modules/${name}`);
          break;
        }
        base = base.slice(0, at);
      }
    }
  };
  visit(start);
  return [...seen];
}

function measure(projectDir: string, lock: Lock, paths: string[]): Footprint {
  const dirs = paths.map((path) => join(projectDir, path)).filter((dir) => existsSync(dir));
  // A nested package's files are counted with it, not again with its parent.
  const files = dirs.flatMap((dir) =>
    filesUnder(dir).filter((file) => !dirs.some((o) => o !== dir && file.startsWith(`${o}/`))),
  );
  return {
    packages: paths.length,
    bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    diskBytes: diskBytes(dirs),
    installScripts: paths.filter((path) => lock.packages[path]?.hasInstallScript),
    nativeFiles: files.filter((file) => file.endsWith(".node")).length,
  };
}

function crashfixFootprint(): Footprint {
  const host = mkdtempSync(join(tmpdir(), "crashfix-footprint-"));
  try {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", host], {
      cwd: join(root, "cli"),
    });
    const tarball = readdirSync(host).find((name) => name.endsWith(".tgz")) as string;
    execFileSync("npm", ["init", "-y"], { cwd: host, stdio: "ignore" });
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", `./${tarball}`], {
      cwd: host,
      stdio: "ignore",
    });
    const lock = JSON.parse(readFileSync(join(host, "package-lock.json"), "utf8")) as Lock;
    const paths = Object.keys(lock.packages).filter((path) => path.startsWith("node_modules/"));
    return measure(host, lock, paths);
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
}

function sentryFootprint(): Footprint {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as Lock;
  return measure(root, lock, closure(lock, "node_modules/@sentry/node"));
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const crashfix = crashfixFootprint();
const sentry = sentryFootprint();
const row = (name: string, f: Footprint) =>
  `| ${name} | ${f.packages} | ${mib(f.bytes)} | ${mib(f.diskBytes)} | ${f.installScripts.length}${f.installScripts.length ? ` (${f.installScripts.join(", ")})` : ""} | ${f.nativeFiles} |`;
process.stdout.write(
  [
    "| installed into a host | packages | bytes | on disk | install scripts | native files |",
    "| --- | --- | --- | --- | --- | --- |",
    row("crashfix (npm pack of cli/)", crashfix),
    row("@sentry/node (its tree in this repo)", sentry),
    "",
    `target for crashfix: 1 package, <= 1 MiB, 0 install scripts: ${
      crashfix.packages === 1 &&
      crashfix.bytes <= 1024 * 1024 &&
      crashfix.installScripts.length === 0
        ? "met"
        : "NOT met"
    }; crashfix/sentry: ${(crashfix.bytes / sentry.bytes).toFixed(3)} of the bytes, ${crashfix.packages}/${sentry.packages} packages`,
    "",
  ].join("\n"),
);
