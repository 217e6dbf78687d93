import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  hostConfig,
  installedPackage,
  makeSandbox,
  onlyReport,
  reportFiles,
  run,
  type Sandbox,
  SECRETS,
  writeConfig,
} from "./helpers.js";

// A host tool installed in a folder of its own (package.json and
// node_modules/crashfix), run in the user's project, as the maintainer's
// trial (session 15) ran one: it loads the user's config file, sets exit
// codes, tags phases and captures values that are not errors.
const TOOL = `import { createCrashReporter } from "crashfix";
import { homedir } from "node:os";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
const reporter = createCrashReporter(JSON.parse(process.env.HOST_CONFIG)).install();
async function loadUserConfig(file) { return (await import(pathToFileURL(file).href)).default; }
function validateInput() { process.exitCode = 4; }
function writeOutput() { process.exitCode = 5; }
const [mode, arg] = process.argv.slice(2);
if (mode === "config") await loadUserConfig(arg);
if (mode === "exit4") validateInput();
if (mode === "exit5") writeOutput();
if (mode === "phase") {
  reporter.setPhase(homedir() + "/work");
  reporter.capture(new RangeError("x"));
}
if (mode === "null") reporter.capture(null);
if (mode === "plugin") (await import(pathToFileURL(arg).href)).default();
if (mode === "rc") runInThisContext(readFileSync(arg, "utf8"), { filename: ".toolrc.js" });
if (mode === "rc-nameless") runInThisContext(readFileSync(arg, "utf8"));
if (mode === "reject-value") Promise.reject(process.env.REJECTED);
if (mode === "throwing-prepare") {
  Error.prepareStackTrace = () => { throw new Error("no stack here"); };
  process.exitCode = 7;
}
if (mode === "renamed-main" || mode === "main-is-user-file" || mode === "main-is-folder") {
  const given = { "renamed-main": "loki", "main-is-user-file": pathToFileURL(arg).pathname, "main-is-folder": "." };
  process.argv[1] = given[mode];
  await loadUserConfig(arg);
}
if (mode === "wrapped") {
  const { default: onetime } = await import("onetime");
  const hook = (await import(pathToFileURL(arg).href)).default;
  function runHook(fn) { return onetime(fn)(); }
  runHook(hook);
}
`;

// The user's own config: its file and function names are the user's.
const USER_CONFIG = `function ${SECRETS.project}Rows() { throw new TypeError("bad row"); }
export default ${SECRETS.project}Rows();
`;

async function toolSandbox(): Promise<{ sandbox: Sandbox; tool: string }> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  const dir = join(sandbox.root, "tool");
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(installedPackage(), join(dir, "node_modules", "crashfix"));
  await writeFile(join(dir, "package.json"), '{"name":"tool","type":"module"}\n');
  const tool = join(dir, "tool.mjs");
  await writeFile(tool, TOOL);
  await writeFile(join(sandbox.project, `${SECRETS.project}.config.mjs`), USER_CONFIG);
  return { sandbox, tool };
}

/** Runs the tool in the user's project; its one report, which names neither the project nor the user. */
async function runTool(
  sandbox: Sandbox,
  tool: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  await run(process.execPath, [tool, ...args], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, { HOST_CONFIG: JSON.stringify(hostConfig()), ...env }),
  });
  const { text, report } = await onlyReport(sandbox);
  expect(text).not.toContain(SECRETS.project);
  expect(text).not.toContain(SECRETS.user);
  return report;
}

async function reportOf(mode: string, arg?: string): Promise<Record<string, unknown>> {
  const { sandbox, tool } = await toolSandbox();
  return runTool(sandbox, tool, [mode, ...(arg === undefined ? [] : [arg])]);
}

describe("a host tool that runs the user's code, sets exit codes and tags phases", () => {
  it("signs the frames of the user's config file `user-code`, keeping the tool's own", async () => {
    const report = await reportOf("config", `./${SECRETS.project}.config.mjs`);
    expect(report.error_class).toBe("TypeError");
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
  });

  it("tells exit code 4 from exit code 5 when neither has a frame", async () => {
    const four = await reportOf("exit4");
    const five = await reportOf("exit5");
    expect(four.stack_signature).toEqual(["exit:4"]);
    expect(five.stack_signature).toEqual(["exit:5"]);
    expect(four.fingerprint).not.toBe(five.fingerprint);
  });

  it("removes the home path and user name from a phase the host sets, and counts them", async () => {
    const report = await reportOf("phase");
    expect(report.phase).toBe("redacted");
    expect(report.redactions_count).toBeGreaterThan(0);
  });

  it("classes a capture of null as NonError", async () => {
    expect((await reportOf("null")).error_class).toBe("NonError");
  });

  it("writes nothing else", async () => {
    const { sandbox, tool } = await toolSandbox();
    await run(process.execPath, [tool, "none"], {
      cwd: sandbox.project,
      env: baseEnv(sandbox, { HOST_CONFIG: JSON.stringify(hostConfig()) }),
    });
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });
});

// A tool kept in the user's home folder rather than in a package of its
// own, where `npm install` run in `~` left a package.json: the tool's
// folder must not become the whole home folder, or every file of the
// user's would count as the tool's and be signed by name.
describe("a host tool kept in the home folder, with a ~/package.json", () => {
  async function homeTool(toolPath: string[]): Promise<Record<string, unknown>> {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await writeFile(join(sandbox.home, "package.json"), '{"dependencies":{"crashfix":"*"}}\n');
    await mkdir(join(sandbox.home, "node_modules"), { recursive: true });
    await symlink(installedPackage(), join(sandbox.home, "node_modules", "crashfix"));
    const tool = join(sandbox.home, ...toolPath);
    await mkdir(dirname(tool), { recursive: true });
    await writeFile(tool, TOOL);
    // The user's config outside the project they run the tool in.
    const configs = join(sandbox.home, "configs");
    await mkdir(configs);
    const config = join(configs, `${SECRETS.project}.config.mjs`);
    await writeFile(config, USER_CONFIG);
    return runTool(sandbox, tool, ["config", config]);
  }

  it("signs the user's config `user-code` when the tool is in a folder of ~ with no package.json", async () => {
    const report = await homeTool(["bin", "tool.mjs"]);
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
  });

  it("signs the user's config `user-code` when the tool's script is in ~ itself", async () => {
    const report = await homeTool(["tool.mjs"]);
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
  });
});

// A tool kept in the user's project (as Yarn keeps itself in
// `.yarn/releases/`): the project's package.json says nothing of the tool,
// so the project's files are not the tool's, wherever the tool is run from.
// A package.json that names the app is the tool's, even where the tool runs
// in its own checkout.
describe("which package.json is the tool's", () => {
  async function projectTool(): Promise<{ sandbox: Sandbox; tool: string; config: string }> {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await writeFile(
      join(sandbox.project, "package.json"),
      '{"name":"payroll","type":"module","packageManager":"loki@1.4.2"}\n',
    );
    await mkdir(join(sandbox.project, "node_modules"), { recursive: true });
    await symlink(installedPackage(), join(sandbox.project, "node_modules", "crashfix"));
    const tool = join(sandbox.project, ".yarn", "releases", "loki.mjs");
    await mkdir(dirname(tool), { recursive: true });
    await writeFile(tool, TOOL);
    const config = join(sandbox.project, "src", `${SECRETS.project}.config.mjs`);
    await mkdir(dirname(config), { recursive: true });
    await writeFile(config, USER_CONFIG);
    return { sandbox, tool, config };
  }

  it("signs the user's config `user-code` for a tool kept in the project and run from outside it", async () => {
    const { sandbox, tool, config } = await projectTool();
    const elsewhere = join(sandbox.home, "elsewhere");
    await mkdir(elsewhere);
    await run(process.execPath, [tool, "config", config], {
      cwd: elsewhere,
      env: baseEnv(sandbox, { HOST_CONFIG: JSON.stringify(hostConfig()) }),
    });
    const { text, report } = await onlyReport({
      ...sandbox,
      crashDir: join(elsewhere, ".loki", "crash"),
    });
    expect(text).not.toContain(SECRETS.project);
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:loki"]);
  });

  it("keeps the names of the tool's other files when its package.json names the app", async () => {
    const { sandbox, tool } = await toolSandbox();
    const dir = dirname(tool);
    await writeFile(join(dir, "package.json"), '{"name":"@acme/loki","type":"module"}\n');
    // A package.json that only sets the module type does not end the search.
    await mkdir(join(dir, "lib"));
    await writeFile(join(dir, "lib", "package.json"), '{"type":"module"}\n');
    await writeFile(
      join(dir, "lib", "rows.mjs"),
      "export function parseRows() { throw new TypeError('bad row'); }\n",
    );
    await writeFile(
      join(dir, "lib", "entry.mjs"),
      "import { parseRows } from './rows.mjs';\nparseRows();\n",
    );
    // Run in the tool's own folder, as its maintainer does.
    await run(process.execPath, [tool, "plugin", join(dir, "lib", "entry.mjs")], {
      cwd: dir,
      env: baseEnv(sandbox, { HOST_CONFIG: JSON.stringify(hostConfig()) }),
    });
    const { report } = await onlyReport({ ...sandbox, crashDir: join(dir, ".loki", "crash") });
    expect(report.stack_signature).toContain("parseRows");
    expect(report.stack_signature).not.toContain("user-code");
  });
});

// A seventh trial (session 17): a published wrapper that copies the name of
// the user's function (as onetime does) made V8 name its own frame by it.
describe("a frame of published code named by the user's function", () => {
  it("is unnamed where the package's file does not hold that name", async () => {
    const { sandbox, tool } = await toolSandbox();
    const onetime = join(dirname(tool), "node_modules", "onetime");
    await mkdir(onetime);
    await writeFile(join(onetime, "package.json"), '{"name":"onetime","main":"index.js"}\n');
    await writeFile(
      join(onetime, "index.js"),
      `module.exports = function onetime(fn) {
  const wrapped = function () { return fn.apply(this, arguments); };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped;
};
`,
    );
    const hook = join(sandbox.project, "hooks.mjs");
    await writeFile(
      hook,
      `export default function sync${SECRETS.project}Rows() { throw new TypeError("x"); }\n`,
    );
    const report = await runTool(sandbox, tool, ["wrapped", hook]);
    expect((report.stack_signature as string[]).slice(0, 3)).toEqual([
      "user-code",
      "anon:index",
      "runHook",
    ]);
  });
});

describe("a host that changes what crashfix reads as the process ends", () => {
  it("reports an exit when its Error.prepareStackTrace throws", async () => {
    const report = await reportOf("throwing-prepare");
    expect(report.exit_code).toBe(7);
    expect(report.stack_signature).toEqual(["exit:7"]);
  });

  it("reads the frames, not the lines of a message longer than the scrubber reads", async () => {
    const { sandbox, tool } = await toolSandbox();
    const config = join(sandbox.project, "deploy.config.mjs");
    await writeFile(
      config,
      `class ${SECRETS.project}DeployError extends Error {}
const log = "    at runAsChild (/opt/x/node_modules/webpack/lib/Compiler.js:520:15)\\n" + "built\\n".repeat(60000);
export default (() => { throw new ${SECRETS.project}DeployError("deploy failed:\\n" + log); })();
`,
    );
    const report = await runTool(sandbox, tool, ["config", config]);
    expect(report.error_class).toBe("Error");
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
  });

  it.each(["renamed-main", "main-is-user-file", "main-is-folder"])(
    "judges the tool's files by process.argv[1] as the reporter was made (%s after it)",
    async (mode) => {
      const report = await reportOf(mode, `./${SECRETS.project}.config.mjs`);
      expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
    },
  );
});

// A fourth trial (session 16): the user's code reached the report through
// source maps, error classes and scripts a host runs through vm.
describe("the user's code behind a source map, an error class or vm", () => {
  async function userFileReport(
    mode: string,
    file: string,
    text: string,
    extra: Record<string, string> = {},
    env: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    const { sandbox, tool } = await toolSandbox();
    const path = join(sandbox.project, file);
    await writeFile(path, text);
    for (const [name, content] of Object.entries(extra)) {
      await writeFile(join(sandbox.project, name), content);
    }
    return runTool(sandbox, tool, [mode, path], env);
  }

  // The comment, so that Node's --enable-source-maps reads the map too.
  const PLUGIN =
    'export default function run() { return [1].map(() => { throw new TypeError("bad row"); })[0]; }\n//# sourceMappingURL=plugin.mjs.map\n';
  const PLUGIN_MAP = JSON.stringify({
    version: 3,
    sources: [`webpack://${SECRETS.project}/./src/${SECRETS.project}.ts`],
    names: [],
    mappings: "AAAA",
  });

  it("signs the user's plugin `user-code` when Node maps its stack (--enable-source-maps)", async () => {
    const report = await userFileReport(
      "plugin",
      "plugin.mjs",
      PLUGIN,
      { "plugin.mjs.map": PLUGIN_MAP },
      { NODE_OPTIONS: "--enable-source-maps" },
    );
    expect(report.stack_signature).toEqual(["user-code", "anon:tool"]);
  });

  it("classes a rejection with a value that is no error as NonError, not Node's wrapper", async () => {
    const { sandbox, tool } = await toolSandbox();
    const report = await runTool(sandbox, tool, ["reject-value"], {
      REJECTED: `${SECRETS.project} rows`,
    });
    expect(report.error_class).toBe("NonError");
    expect(report.stack_signature).toEqual(["exit:1"]);
  });

  it("names a class made in a nameless vm script by its built-in class", async () => {
    const report = await userFileReport(
      "rc-nameless",
      ".toolrc.js",
      `class ${SECRETS.project}Error extends Error {}\nfunction setup() { throw new ${SECRETS.project}Error("x"); }\nsetup();\n`,
    );
    expect(report.error_class).toBe("Error");
  });

  it("does not map the user's plugin through its own map (webpack URL sources)", async () => {
    const report = await userFileReport("plugin", "plugin.mjs", PLUGIN, {
      "plugin.mjs.map": PLUGIN_MAP,
    });
    expect(report.stack_signature).toEqual(["user-code", "anon:tool"]);
  });

  it("names an error class the user's code defined by the built-in class it extends", async () => {
    const plain = await reportOfConfig(
      `class ${SECRETS.project}Error extends Error {}\nexport default (() => { throw new ${SECRETS.project}Error("x"); })();\n`,
    );
    expect(plain.error_class).toBe("Error");
    expect(plain.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:tool"]);
    const named = await reportOfConfig(
      `class E extends RangeError { constructor(m) { super(m); this.name = "${SECRETS.project}Error"; } }\nexport default (() => { throw new E("x"); })();\n`,
    );
    expect(named.error_class).toBe("RangeError");
  });

  it("classes a plain object the user's code throws as NonError, whatever its name", async () => {
    const report = await reportOfConfig(
      `export default (() => { throw { name: "${SECRETS.project}Name", message: "x" }; })();\n`,
    );
    expect(report.error_class).toBe("NonError");
  });

  it("signs a script the host ran through vm under a relative name `user-code`", async () => {
    const report = await userFileReport(
      "rc",
      ".toolrc.js",
      `function ${SECRETS.project}_inner() { null.salary; }\n${SECRETS.project}_inner();\n`,
    );
    expect(report.error_class).toBe("TypeError");
    expect(report.stack_signature).toEqual(["user-code", "anon:tool"]);
  });

  async function reportOfConfig(text: string): Promise<Record<string, unknown>> {
    return userFileReport("config", `${SECRETS.project}.config.mjs`, text);
  }
});
