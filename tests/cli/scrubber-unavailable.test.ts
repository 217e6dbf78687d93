import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  binWithoutScrubber,
  hostConfig,
  installedPackage,
  installHost,
  literally,
  makeSandbox,
  reportFiles,
  run,
  runHost,
  type Sandbox,
  writeConfig,
} from "./helpers.js";

// A CLI that bundles crashfix and mounts its commands, shipped without
// dist/scrubber.cjs where crashfix looks for it. Its reports (written by a
// copy that had the scrubber) are fine: the commands must say what is
// missing, once, and never call the reports corrupt.

const HOST = `import { createCrashReporter, runCrashfixCommand } from "crashfix";
const config = JSON.parse(process.env.HOST_CONFIG);
createCrashReporter(config).install();
process.exitCode = await runCrashfixCommand(process.argv.slice(2), { config });
`;

type Layout = {
  /** How esbuild lays the host out in the sandbox's project, its entry being tool.mjs. */
  output: (project: string) => BuildOptions;
  /** Where that build's crashfix code looks for the scrubber. */
  scrubberFolder: (project: string) => string;
};

const LAYOUTS: [string, Layout][] = [
  [
    "crashfix inlined in the host's one file, no scrubber.cjs beside it",
    {
      output: (project) => ({ outfile: join(project, "tool.mjs") }),
      scrubberFolder: (project) => project,
    },
  ],
  [
    // The commands, in a chunk, look where the entry's crashfix code does:
    // the folder the captures need the scrubber in too.
    "esbuild's chunks in a subfolder, no scrubber.cjs anywhere",
    {
      output: (project) => ({
        outdir: project,
        outExtension: { ".js": ".mjs" },
        chunkNames: "chunks/[name]-[hash]",
        splitting: true,
      }),
      scrubberFolder: (project) => project,
    },
  ],
];

/** Copies the installed package's scrubber into `folder`, as the README tells a bundling host to. */
const shipScrubber = (folder: string) =>
  copyFileSync(join(installedPackage(), "dist", "scrubber.cjs"), join(folder, "scrubber.cjs"));

/** Two reports, written by the installed package (which has its scrubber), then the host built. */
async function bundledHostWithReports(
  layout: Layout,
): Promise<{ sandbox: Sandbox; script: string; ids: string[] }> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  for (let i = 0; i < 2; i += 1) await runHost(sandbox, "throw");
  const source = join(sandbox.root, "host.src.mjs");
  writeFileSync(source, HOST);
  // The node_modules link through which "crashfix" resolves.
  await installHost(sandbox, "placeholder.mjs", "");
  await build({
    entryPoints: { tool: source },
    bundle: true,
    format: "esm",
    platform: "node",
    nodePaths: [join(sandbox.project, "node_modules")],
    logLevel: "error",
    ...layout.output(sandbox.project),
  });
  const script = join(sandbox.project, "tool.mjs");
  const names = await reportFiles(sandbox.crashDir);
  expect(names).toHaveLength(2);
  return { sandbox, script, ids: names.map((name) => name.slice(-13, -5)) };
}

const runTool = (sandbox: Sandbox, script: string, args: string[]) =>
  run(process.execPath, [script, ...args], {
    cwd: sandbox.project,
    // Mounted under the host's own command, as the README shows.
    env: baseEnv(sandbox, { HOST_CONFIG: JSON.stringify(hostConfig({ command: "loki" })) }),
  });

describe.each(LAYOUTS)(
  "a bundled host's commands when the scrubber cannot load (%s)",
  (_, layout) => {
    it("list, show and submit say once which file is missing and what to do, exit 1, and call no report corrupt", async () => {
      const { sandbox, script, ids } = await bundledHostWithReports(layout);
      const file = join(layout.scrubberFolder(sandbox.project), "scrubber.cjs");
      const error = `loki: cannot load ${file} (MODULE_NOT_FOUND), so crash reports can be neither read nor captured: a CLI that bundles crashfix runs \`crashfix copy-files <folder>\` in its build for the folder its bundle loads crashfix's files from (here: ${layout.scrubberFolder(sandbox.project)})\n`;
      expect(existsSync(file)).toBe(false);
      const id = ids[0] as string;
      for (const args of [
        ["crash"],
        ["crash", "list", "--json"],
        ["crash", "show", id],
        ["crash", "submit", id],
        ["crash", "submit", "--all"],
      ]) {
        const result = await runTool(sandbox, script, args);
        expect({ args, code: result.code, stderr: result.stderr }).toEqual({
          args,
          code: 1,
          stderr: error,
        });
        expect(result.stdout).not.toMatch(/corrupt/);
      }
      // The reports are where they were.
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
      expect(existsSync(join(sandbox.crashDir, "rejected"))).toBe(false);
    });
  },
);

describe("reports that really are corrupt", () => {
  it("are still called corrupt by a bundled host that ships its scrubber", async () => {
    const [, inlined] = LAYOUTS[0] as [string, Layout];
    const { sandbox, script, ids } = await bundledHostWithReports(inlined);
    shipScrubber(sandbox.project);
    const [name] = await reportFiles(sandbox.crashDir);
    const file = join(sandbox.crashDir, name as string);
    const report = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...report, fingerprint: "0".repeat(64) }));
    const list = await runTool(sandbox, script, ["crash"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${ids[0]} .*corrupt$`, "m"));
    expect(list.stderr).toMatch(/^warning: .*fingerprint that does not match.*delete it$/m);
    const show = await runTool(sandbox, script, ["crash", "show", ids[0] as string]);
    expect(show.code).toBe(5);
  });

  it("are still called corrupt when not even JSON, scrubber or not", async () => {
    const [, inlined] = LAYOUTS[0] as [string, Layout];
    const { sandbox, script } = await bundledHostWithReports(inlined);
    const [first, second] = (await reportFiles(sandbox.crashDir)) as [string, string];
    // Only the truncated one is left: reading it stops before the scrubber is needed.
    for (const dir of [sandbox.crashDir, sandbox.outboxDir])
      rmSync(join(dir, first), { force: true });
    writeFileSync(join(sandbox.crashDir, second), "{ truncated");
    const id = second.slice(-13, -5);
    const show = await runTool(sandbox, script, ["crash", "show", id]);
    expect(show.code).toBe(5);
    expect(show.stderr).toMatch(new RegExp(`${literally(id)}.*is not valid JSON`));
  });
});

describe("the background send when the scrubber cannot load", () => {
  it("leaves queued reports queued, not moved to rejected/ as corrupt", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    // No endpoint: the host's own start sends nothing, and the report stays local.
    await runHost(sandbox, "throw");
    const [name] = await reportFiles(sandbox.crashDir);
    mkdirSync(sandbox.outboxDir, { recursive: true });
    copyFileSync(join(sandbox.crashDir, name as string), join(sandbox.outboxDir, name as string));
    const result = await run(
      process.execPath,
      [binWithoutScrubber(sandbox), "--app", "loki", "__flush"],
      {
        cwd: sandbox.project,
        // Never reached: the send stops before the first request.
        env: baseEnv(sandbox, { CRASHFIX_ENDPOINT: "http://127.0.0.1:9" }),
      },
    );
    expect(result.code).toBe(1);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([name]);
    expect(await reportFiles(join(sandbox.crashDir, "rejected"))).toEqual([]);
  });
});
