import { readFileSync } from "node:fs";
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
} from "./helpers.js";

// The README's "Add it to a Node CLI" lines, run as written in a host that
// installed the packed tarball; only the endpoint is pointed at loopback.
function readmeLines(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Add it to a Node CLI"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined)
    throw new Error("README has no ```ts block under 'Add it to a Node CLI'");
  return block;
}

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

async function host(sandbox: Sandbox, endpoint: string) {
  const lines = readmeLines();
  // Five statements, each starting a line at the left margin: the import, the
  // config, install, and the two that mount the commands.
  const statements = lines.split("\n").filter((line) => /^[A-Za-z]/.test(line));
  expect(statements).toHaveLength(5);
  const script = await installHost(
    sandbox,
    "loki.mjs",
    `${lines.replace("https://crash.example.com", endpoint)}
// The host's own work.
if (command === "boom") JSON.parse("{ not json");
`,
  );
  return (...args: string[]) =>
    run(process.execPath, [script, ...args], { cwd: sandbox.project, env: baseEnv(sandbox) });
}

describe("the README's five lines in a host CLI", () => {
  it("report a crash, name the mounted commands, and never report a failing command as a crash", async () => {
    const sandbox = await makeSandbox();
    // Port 9 on loopback is closed: an ingest that is offline.
    const loki = await host(sandbox, "http://127.0.0.1:9");
    const crash = await loki("boom");
    expect(crash.code).toBe(1);
    expect(crash.stderr).toContain("Turn this off anytime with: loki telemetry off");
    expect(crash.stderr).toMatch(/\n {2}see it: loki crash show [0-9a-f]{8}\n/);
    expect(crash.stderr).toMatch(/\n {2}send it now: loki crash submit [0-9a-f]{8}\n/);
    expect(crash.stderr).toContain("SyntaxError");
    const { report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("SyntaxError");

    // Each command fails in its own way; none of them is a crash of the host.
    const failing: [string[], number, RegExp][] = [
      [["crash", "submit"], 1, /not sent [0-9a-f]{8}: network error/],
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
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);

    const off = await loki("telemetry", "off");
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^telemetry: off \(saved in .*\); 1 queued report was removed/);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
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
