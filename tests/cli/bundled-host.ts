import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import {
  baseEnv,
  hostConfig,
  installHost,
  makeSandbox,
  type RunResult,
  run,
  type Sandbox,
  writeConfig,
} from "./helpers.js";

/**
 * Bundles `host` with esbuild into the sandbox's project (`tool.mjs` unless
 * named, which may be in a folder), with crashfix installed beside it as a
 * host's own install would have it. Returns the bundle's path.
 */
async function bundleHost(
  sandbox: Sandbox,
  host: string,
  options: BuildOptions = {},
  name = "tool.mjs",
): Promise<string> {
  const source = join(sandbox.root, "host.src.mjs");
  writeFileSync(source, host);
  mkdirSync(dirname(join(sandbox.project, name)), { recursive: true });
  const script = await installHost(sandbox, name, "");
  // Split into chunks (esbuild's --splitting): the entry is `name`, the
  // chunks go to chunks/ beside it, as cli/README.md's example names them.
  const place: BuildOptions = options.splitting
    ? {
        outdir: dirname(script),
        entryNames: basename(script, extname(script)),
        chunkNames: "chunks/[name]-[hash]",
        outExtension: { ".js": extname(script) },
      }
    : { outfile: script };
  await build({
    entryPoints: [source],
    ...place,
    bundle: true,
    format: "esm",
    platform: "node",
    // "crashfix" resolves from the sandbox's node_modules, as in the host's.
    nodePaths: [join(sandbox.project, "node_modules")],
    logLevel: "error",
    ...options,
  });
  return script;
}

export type BundledRun = {
  args?: string[];
  /** The host's crashfix config, passed in HOST_CONFIG (default: hostConfig()). */
  config?: Record<string, unknown>;
  env?: Record<string, string>;
};

/** Runs a bundle from bundleHost in the sandbox's project, as a user runs the CLI. */
export function runBundled(
  sandbox: Sandbox,
  script: string,
  options: BundledRun = {},
): Promise<RunResult> {
  return run(process.execPath, [script, ...(options.args ?? [])], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      HOST_CONFIG: JSON.stringify(options.config ?? hostConfig()),
      ...options.env,
    }),
  });
}

/**
 * A host whose source is bundled into a fresh sandbox and run once, by a
 * user who has seen the first-run notice unless `noticeShown` is false;
 * `prepare` runs between the build and the run.
 */
export async function crashBundled(
  host: string,
  options: BundledRun & {
    build?: BuildOptions;
    name?: string;
    prepare?: (sandbox: Sandbox, script: string) => void;
    noticeShown?: boolean;
  } = {},
): Promise<{ sandbox: Sandbox; script: string; result: RunResult }> {
  const sandbox = await makeSandbox();
  if (options.noticeShown !== false) await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  const script = await bundleHost(sandbox, host, options.build, options.name);
  options.prepare?.(sandbox, script);
  return { sandbox, script, result: await runBundled(sandbox, script, options) };
}
