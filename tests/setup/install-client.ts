// The client is tested the way a host CLI meets it: `npm pack` of cli/, a
// real install into an empty project, and hosts that import "crashfix" by
// name from there. Done once per test run; tests find the project with
// inject("clientHost").
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A project with the packed client installed: `<clientHost>/node_modules/crashfix`. */
    clientHost: string;
  }
}

const ROOT = resolve(import.meta.dirname, "../..");

export default function setup(project: TestProject): () => void {
  if (!existsSync(join(ROOT, "cli/dist/index.js"))) {
    throw new Error("the client package is not built: run `npm run build` first");
  }
  const host = mkdtempSync(join(tmpdir(), "crashfix-host-"));
  const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  npm(["pack", "--silent", "--pack-destination", host], join(ROOT, "cli"));
  const tarball = readdirSync(host).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new Error("npm pack wrote no tarball");
  writeFileSync(
    join(host, "package.json"),
    `${JSON.stringify({ name: "host-cli", version: "1.0.0", private: true, type: "module" })}\n`,
  );
  npm(["install", "--offline", "--no-audit", "--no-fund", `./${tarball}`], host);
  project.provide("clientHost", host);
  return () => rmSync(host, { recursive: true, force: true });
}
