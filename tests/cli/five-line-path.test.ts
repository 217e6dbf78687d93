import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  baseEnv,
  bin,
  installHost,
  makeSandbox,
  onlyReport,
  ROOT,
  reportFiles,
  run,
  type Sandbox,
  standaloneCommand,
} from "./helpers.js";
import { readmeBlock } from "./readme-block.js";

// The README's "Add it to a Node CLI" lines, run as written in a host that
// installed the packed tarball; only the endpoint is pointed at loopback.
function readmeLines(): string {
  return readmeBlock(ROOT, "## Add it to a Node CLI", "ts");
}

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

/** The README's lines for a host; with no endpoint, without its endpoint line. */
async function host(sandbox: Sandbox, endpoint: string | undefined, { named = true } = {}) {
  const readme = readmeLines();
  const commandLine = /^ {2}command: "loki",.*\n/m;
  expect(readme).toMatch(commandLine);
  // Without `command`: a host that mounts the commands but does not say as what.
  const lines = named ? readme : readme.replace(commandLine, "");
  // Five statements, each starting a line at the left margin: the import, the
  // config, install, and the two that mount the commands.
  const statements = lines.split("\n").filter((line) => /^[A-Za-z]/.test(line));
  expect(statements).toHaveLength(5);
  const script = await installHost(
    sandbox,
    "loki.mjs",
    `${endpoint === undefined ? lines.replace(/^ {2}endpoint: .*\n/m, "") : lines.replace("https://crash.example.com", endpoint)}
// The host's own command handling, which the README's \`else\` calls: it knows
// none of crashfix's words, and answers them as any CLI answers a word it
// does not know.
async function main(args) {
  if (args[0] === "boom") JSON.parse("{ not json");
  else if (args[0] === "crash" || args[0] === "telemetry") {
    console.error(\`loki: unknown command \${args[0]}\`);
    process.exit(1);
  }
}
`,
  );
  return (...args: string[]) =>
    run(process.execPath, [script, ...args], { cwd: sandbox.project, env: baseEnv(sandbox) });
}

/** Runs `args` with a reader that has gone before the first write: `loki crash | true`. */
function withReaderGone(
  sandbox: Sandbox,
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(sandbox.project, "loki.mjs"), ...args], {
    cwd: sandbox.project,
    env: baseEnv(sandbox),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("the README's five lines in a host CLI", () => {
  it("report a crash, name the mounted commands, and never report a failing command as a crash", async () => {
    const sandbox = await makeSandbox();
    // Port 9 is one fetch never connects to ("bad port"): an ingest it cannot reach.
    const loki = await host(sandbox, "http://127.0.0.1:9");
    const crash = await loki("boom");
    expect(crash.code).toBe(1);
    expect(crash.stderr).toContain("Turn this off anytime with: loki telemetry off");
    expect(crash.stderr).toMatch(/\n {2}see it: loki crash show [0-9a-f]{8}\n/);
    // The first run: `crash submit` would not send yet, so it is not offered.
    expect(crash.stderr).not.toContain("crash submit");
    expect(crash.stderr).toContain("SyntaxError");
    const { report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("SyntaxError");

    // Each command fails in its own way; none of them is a crash of the host.
    const failing: [string[], number, RegExp][] = [
      [["crash", "submit"], 1, /not sent [0-9a-f]{8}: network error \(bad port\)/],
      [["crash", "show", "deadbeef"], 4, /^loki: no crash report with id deadbeef/],
      [["crash", "sumbit"], 2, /did you mean crash submit\?/],
      [["crash", "--bogus"], 2, /unknown option --bogus/],
      [["telemetry", "bogus"], 2, /usage: loki telemetry on\|off\|status/],
    ];
    for (const [args, code, message] of failing) {
      const result = await loki(...args);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stdout + result.stderr).toMatch(message);
      expect(result.stderr).not.toContain("exited with status");
    }
    // The help names what the host's users can run through it, and nothing it does not route.
    const help = await loki("crash", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: loki crash\|telemetry/);
    expect(help.stdout).toContain("loki crash show <id>");
    expect(help.stdout).toContain("loki telemetry [on | off | status]");
    expect(help.stdout).toContain("LOKI_TELEMETRY=off");
    expect(help.stdout).not.toMatch(/loki (doctor|shell-path|capture|start)\b|--app|--config/);
    // crash doctor is told by what it does, not by a doctor command this host lacks.
    const doctorLine = help.stdout.split("\n").find((line) => line.includes("loki crash doctor"));
    expect(doctorLine?.replace("loki crash doctor", "")).toMatch(/^ +collection state/);
    expect(doctorLine?.replace("loki crash doctor", "")).not.toMatch(/doctor/);

    // A reader that goes away ends the output quietly, as console.log does: no
    // EPIPE crash of the host, and no report of one.
    for (const args of [["crash"], ["crash", "show", "deadbeef"], ["telemetry", "status"]]) {
      const piped = await withReaderGone(sandbox, args);
      expect(piped.code, args.join(" ")).toBe(args.includes("deadbeef") ? 4 : 0);
      expect(piped.stderr).not.toMatch(/EPIPE|did not expect/);
    }
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);

    const off = await loki("telemetry", "off");
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^telemetry: off \(saved in .*\); 1 queued report was removed/);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    // The opt-out the host passes on to its children is not the user's switch:
    // the mounted commands name the config file, and `on` takes effect at once.
    const status = await loki("telemetry", "status");
    expect(status.stdout).toMatch(/^telemetry: off \(TELEMETRY_DISABLED=true in .*config\)\n/);
    const on = await loki("telemetry", "on");
    expect(on.stdout).toMatch(/^telemetry: on \(saved in .*config\)\n$/);
    // The user's choice, named by the file it is saved in; "default" is for a user who never chose.
    expect((await loki("telemetry", "status")).stdout).toMatch(
      /^telemetry: on \(TELEMETRY_DISABLED=false in .*config\)\n/,
    );
  });

  it("without an endpoint, have telemetry status say that reports stay on this machine and nothing is sent, not that it is on", async () => {
    const sandbox = await makeSandbox();
    const loki = await host(sandbox, undefined);
    expect((await loki("boom")).code).toBe(1);
    const status = await loki("telemetry", "status");
    expect(status.code).toBe(0);
    expect(status.stdout.split("\n")[0]).toBe(
      "telemetry: local (reports are kept on this machine and nothing is sent: loki configures no endpoint to send them to)",
    );
    expect(status.stdout).not.toMatch(/^telemetry: on/m);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
  });

  it("without `command`, give the mounted help in the words the crash notice uses, not crashfix's own usage", async () => {
    const sandbox = await makeSandbox();
    const loki = await host(sandbox, "http://127.0.0.1:9", { named: false });
    const crash = await loki("boom");
    const seeIt = crash.stderr.match(/\n {2}see it: (.+) crash show [0-9a-f]{8}\n/);
    expect(seeIt?.[1]).toBe(standaloneCommand());
    const help = await loki("crash", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith(`Usage: ${standaloneCommand()} crash|telemetry ...`)).toBe(true);
    expect(help.stdout).toMatch(/^ {2}crash show <id> +print a report/m);
    expect(help.stdout).toContain("LOKI_TELEMETRY=off");
    expect(help.stdout).not.toMatch(/^Usage: crashfix|--config|shell-path|^ {2}capture/m);
  });

  it("leave what the standalone command needs: it finds the app and sends to the host's endpoint", async () => {
    const sandbox = await makeSandbox();
    const loki = await host(sandbox, ingest.url);
    expect((await loki("boom")).code).toBe(1);
    const crashfix = (...args: string[]) =>
      run(process.execPath, [bin(), ...args], { cwd: sandbox.project, env: baseEnv(sandbox) });
    const list = await crashfix("crash", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { error_class: "SyntaxError", status: "pending" },
    ]);
    const before = ingest.requests.length;
    const submit = await crashfix("crash", "submit");
    expect(submit.code, submit.stderr).toBe(0);
    expect(submit.stdout).toMatch(/^sent [0-9a-f]{8}\n$/);
    expect(ingest.requests.length).toBe(before + 1);
    // From a folder without reports, the app is the one that installed crashfix for this user.
    const elsewhere = await run(process.execPath, [bin(), "doctor"], {
      cwd: sandbox.root,
      env: baseEnv(sandbox),
    });
    expect(elsewhere.stdout).toBe("telemetry: on (default), crash buffer: 0 pending\n");
  });
});
