import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hostConfig,
  makeSandbox,
  PRIVACY_URL,
  ROOT,
  runHost,
  standaloneCommand,
  writeConfig,
} from "./helpers.js";

const ENDPOINT = "https://crash.acme.example";

// What the notice says when reports are sent, before the line that names the opt-out.
const SENT = `We send anonymous diagnostics only (os, arch, version, error type, sanitized
stack signatures, and a hash of the project's git remote, for counting
distinct projects). Never your code, prompts, paths, keys, or repo names.
Nothing is sent until this run has ended.
See ${PRIVACY_URL}.
`;
const SENDS = `Loki Mode reports the crashes you hit to its maintainers' private triage
repository; confirmed crashes become issues at github.com/acme/loki. We
encourage you to open an issue there for anything causing hesitation.
${SENT}`;
// The seed's promise, only where the maintainers said they run the auto-fix workflow.
const SENDS_AUTO_FIX = `Loki Mode reports the crashes you hit to its maintainers' private triage
repository; confirmed crashes become issues at github.com/acme/loki, and Loki
Mode tries to auto-resolve them. If it cannot, we encourage you to open an
issue for anything causing hesitation.
${SENT}`;

// What every notice says a report holds, when reports are kept here; the
// next sentence follows on the same line.
const KEPT = `Loki Mode saves a crash report on this machine when it hits an error it did
not expect: anonymous diagnostics only (os, arch, version, error type,
sanitized stack signatures, and a hash of the project's git remote, for
counting distinct projects). Never your code, prompts, paths, keys, or repo
names.`;

// The notice exactly as a user reads it, for each way a host can be set up.
describe("the first-run notice", () => {
  it.each([
    {
      setup: "no endpoint (nothing is ever sent)",
      config: hostConfig({ privacyUrl: undefined }),
      text: `${KEPT} Reports stay on this machine; nothing is sent.
To share one with the maintainers as a public issue, seen by you first: ${standaloneCommand()} crash submit <id>
Turn this off anytime with: ${standaloneCommand()} telemetry off (or LOKI_TELEMETRY=off)
`,
    },
    {
      setup: "an endpoint, commands not mounted",
      config: hostConfig({ endpoint: ENDPOINT }),
      text: `${SENDS}Turn this off anytime with: ${standaloneCommand()} telemetry off (or LOKI_TELEMETRY=off)
`,
    },
    {
      setup: "an endpoint and the auto-fix workflow, commands not mounted",
      config: hostConfig({ endpoint: ENDPOINT, autoFix: true }),
      text: `${SENDS_AUTO_FIX}Turn this off anytime with: ${standaloneCommand()} telemetry off (or LOKI_TELEMETRY=off)
`,
    },
    {
      setup: "an endpoint, commands mounted as `loki`",
      config: hostConfig({ endpoint: ENDPOINT, command: "loki" }),
      text: `${SENDS}Turn this off anytime with: loki telemetry off (or LOKI_TELEMETRY=off)
`,
    },
  ])("with $setup reads exactly so, once", async ({ config, text }) => {
    const sandbox = await makeSandbox();
    const first = await runHost(sandbox, "ok", { config });
    expect(first.stderr).toBe(text);
    expect(first.stderr).not.toMatch(/[\u2014\u{1F300}-\u{1FAFF}]/u);
    const second = await runHost(sandbox, "ok", { config });
    expect(second.stderr).toBe("");
  });

  it.each([
    { setup: "no endpoint", extra: { privacyUrl: undefined }, block: 0 },
    {
      setup: "an endpoint",
      extra: {
        endpoint: "https://crash.example.com",
        privacyUrl: "https://example.com/loki/privacy",
      },
      block: 1,
    },
  ])("reads as cli/README.md shows it, with $setup", async ({ extra, block }) => {
    const readme = readFileSync(join(ROOT, "cli/README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### The first-run notice"));
    const shown = [...section.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);
    const sandbox = await makeSandbox();
    const config = hostConfig({ displayName: "loki", ...extra });
    const first = await runHost(sandbox, "ok", { config });
    const installed = standaloneCommand().replace(/ --app loki$/, "");
    const asShown = first.stderr.replaceAll(installed, "node <path>/crashfix.js");
    expect(asShown).toBe(shown[block]);
    // Mounted as `loki`: only the last line changes, to the README's third block.
    const mounted = await runHost(await makeSandbox(), "ok", {
      config: { ...config, command: "loki" },
    });
    if (block === 1) expect(mounted.stderr.split("\n").at(-2)).toBe(shown[2]?.trimEnd());
  });

  it("is recorded without touching the config file's other lines", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "# keep me\nLOKI_PROVIDER=claude\n");
    const first = await runHost(sandbox, "ok");
    expect(first.stdout).toBe("fine\n");
    expect(await readFile(sandbox.configFile, "utf8")).toBe(
      // The no-endpoint notice (this host has none): `local`.
      "# keep me\nLOKI_PROVIDER=claude\nDISCLOSURE_SHOWN=local\n",
    );
  });

  it("is shown even when collection is off, and never again after, with no endpoint", async () => {
    const sandbox = await makeSandbox();
    const first = await runHost(sandbox, "ok", { env: { DO_NOT_TRACK: "1" } });
    expect(first.stderr).toMatch(/^Loki Mode saves a crash report/);
    const second = await runHost(sandbox, "ok");
    expect(second.stderr).toBe("");
  });

  it("under an opt-out is shown once; the first run without it shows what is sent, then no notice", async () => {
    const sandbox = await makeSandbox();
    const config = hostConfig({ endpoint: ENDPOINT });
    const off = await runHost(sandbox, "ok", { config, env: { DO_NOT_TRACK: "1" } });
    expect(off.stderr).toMatch(/^Loki Mode saves a crash report/);
    expect((await runHost(sandbox, "ok", { config, env: { DO_NOT_TRACK: "1" } })).stderr).toBe("");
    const on = await runHost(sandbox, "ok", { config });
    expect(on.stderr).toBe(
      `${SENDS}Turn this off anytime with: ${standaloneCommand()} telemetry off (or LOKI_TELEMETRY=off)\n`,
    );
    expect((await runHost(sandbox, "ok", { config })).stderr).toBe("");
  });

  // Shown once whatever the state, so under an opt-out it must not read as
  // if reports were sent: it names the switch, as `telemetry status` does.
  it.each([
    {
      setup: "DO_NOT_TRACK=1",
      env: { DO_NOT_TRACK: "1" },
      config: hostConfig({ endpoint: ENDPOINT }),
      text: `${KEPT} Collection is off on this machine (DO_NOT_TRACK is set): reports are
kept here, and nothing is sent. To send reports to the maintainers, remove
that setting from the environment.
See ${PRIVACY_URL}.
`,
    },
    {
      setup: "LOKI_TELEMETRY=off, commands mounted",
      env: { LOKI_TELEMETRY: "off" },
      config: hostConfig({ endpoint: ENDPOINT, command: "loki" }),
      text: `${KEPT} Collection is off on this machine (LOKI_TELEMETRY=off): reports are
kept here, and nothing is sent. To send reports to the maintainers, remove
that setting from the environment.
See ${PRIVACY_URL}.
`,
    },
    {
      setup: "DO_NOT_TRACK=1 and no endpoint",
      env: { DO_NOT_TRACK: "1" },
      config: hostConfig({ command: "loki", privacyUrl: undefined }),
      text: `${KEPT} Collection is off on this machine (DO_NOT_TRACK is set): reports are
kept here, and nothing is sent.
To share one with the maintainers as a public issue, seen by you first: loki crash submit <id>
`,
    },
  ])("under $setup says collection is off, by which switch, and what would send", async (row) => {
    const sandbox = await makeSandbox();
    const first = await runHost(sandbox, "ok", { config: row.config, env: row.env });
    expect(first.stderr).toBe(row.text);
    expect(first.stderr).not.toMatch(/[\u2014\u{1F300}-\u{1FAFF}]/u);
  });

  it.each([
    ["TELEMETRY_DISABLED=true", "TELEMETRY_DISABLED=true in"],
    ["TELEMETRY_DISABLED=maybe", "TELEMETRY_DISABLED in"],
  ])("under %s in the config file names the file and `telemetry on`", async (line, reason) => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, `${line}\n`);
    const config = hostConfig({ endpoint: ENDPOINT, command: "loki" });
    const first = await runHost(sandbox, "ok", { config });
    const prose = first.stderr.replace(/\s+/g, " ");
    expect(prose).toContain(
      `names. Collection is off on this machine (${reason} ${sandbox.configFile}`,
    );
    expect(prose).toContain("reports are kept here, and nothing is sent.");
    expect(first.stderr).toMatch(
      /\nTo send reports to the maintainers, turn it on with: loki telemetry on\n$/,
    );
    expect(first.stderr).not.toMatch(/Turn this off|reports the crashes you hit/);
  });

  it("is not spent on CI logs, unless CI collection was asked for", async () => {
    const sandbox = await makeSandbox();
    const ci = await runHost(sandbox, "ok", { env: { CI: "1" } });
    expect(ci.stderr).toBe("");
    const asked = await runHost(sandbox, "ok", { env: { CI: "1", LOKI_TELEMETRY: "on" } });
    expect(asked.stderr).toMatch(/^Loki Mode saves a crash report/);
  });

  it("is not shown when the config file cannot be parsed (it could not be recorded)", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "garbage without equals sign\n");
    const result = await runHost(sandbox, "ok");
    expect(result.stderr).toBe("");
    expect(await readFile(sandbox.configFile, "utf8")).toBe("garbage without equals sign\n");
  });
});

describe("the crash notice", () => {
  it.each([
    {
      setup: "no endpoint",
      config: hostConfig(),
      fate: "The report stays on this machine.",
      send: `  file it yourself: ${standaloneCommand()} crash submit`,
    },
    {
      // `crash submit` cannot send while the first run goes on: not offered.
      setup: "an endpoint, in the first run",
      config: hostConfig({ endpoint: ENDPOINT }),
      fate: "It will be sent, scrubbed and anonymous, by a run that starts after this first run has ended.",
      send: undefined,
    },
    {
      setup: "an endpoint, after the first run",
      config: hostConfig({ endpoint: ENDPOINT }),
      shown: true,
      fate: "It will be sent, scrubbed and anonymous, when Loki Mode next starts.",
      send: `  send it now: ${standaloneCommand()} crash submit`,
    },
    {
      setup: "an endpoint, commands mounted, in the first run",
      config: hostConfig({ endpoint: ENDPOINT, command: "loki" }),
      fate: "It will be sent, scrubbed and anonymous, by a run that starts after this first run has ended.",
      send: undefined,
    },
    {
      setup: "an endpoint, commands mounted, after the first run",
      config: hostConfig({ endpoint: ENDPOINT, command: "loki" }),
      shown: true,
      fate: "It will be sent, scrubbed and anonymous, when Loki Mode next starts.",
      send: "  send it now: loki crash submit",
    },
    {
      setup: "an endpoint, opted out",
      config: hostConfig({ endpoint: ENDPOINT }),
      env: { LOKI_TELEMETRY: "off" },
      fate: "Nothing was sent.",
      send: `  file it yourself: ${standaloneCommand()} crash submit`,
    },
  ])("with $setup names what happens next and commands that exist", async (row) => {
    const sandbox = await makeSandbox();
    if (row.shown) await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const result = await runHost(sandbox, "exit3", { config: row.config, env: row.env ?? {} });
    expect(result.code).toBe(3);
    const notice = result.stderr.slice(result.stderr.indexOf("host: giving up"));
    expect(notice).toContain(`\nLoki Mode exited with status 3. ${row.fate}\n`);
    expect(notice).toMatch(
      /\n {2}report: \.loki\/crash\/[0-9a-f]{16}-\d{8}T\d{6}Z-[0-9a-f]{8}\.json\n/,
    );
    expect(notice).toMatch(/\n {2}see it: .* crash show [0-9a-f]+\n/);
    if (row.send === undefined) expect(notice).not.toContain("crash submit");
    else expect(notice).toContain(row.send);
  });
});
