import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileStem } from "../../redact/file-stem.js";
import { fingerprint, normalizeStack } from "../../redact/index.js";
import { DIFFERENT_BUGS, SAME_BUG } from "./fixtures/stacks.js";

describe.each(SAME_BUG)("one bug, one fingerprint: $bug", ({ errorClass, stacks }) => {
  const entries = Object.entries(stacks);
  const [, reference] = entries[0] ?? ["", ""];
  const expected = normalizeStack(reference).slice(0, 5);

  it.each(entries)("gives the same signatures for %s", (_name, stack) => {
    expect(normalizeStack(stack).slice(0, 5)).toEqual(expected);
    expect(fingerprint(errorClass, normalizeStack(stack))).toBe(fingerprint(errorClass, expected));
  });

  it("signs frames by symbol only: no path, line, column or install root", () => {
    expect(expected.length).toBeGreaterThan(0);
    for (const signature of expected) expect(signature).toMatch(/^[A-Za-z0-9_.:#-]+$/);
  });
});

describe("different bugs never share a fingerprint", () => {
  it("gives each bug its own fingerprint", () => {
    const prints = DIFFERENT_BUGS.map(({ errorClass, stack }) =>
      fingerprint(errorClass, normalizeStack(stack)),
    );
    expect(new Set(prints).size).toBe(DIFFERENT_BUGS.length);
  });

  it("keeps the bugs of the stability table apart from each other", () => {
    const prints = SAME_BUG.map(({ errorClass, stacks }) =>
      fingerprint(errorClass, normalizeStack(Object.values(stacks)[0] ?? "")),
    );
    expect(new Set(prints).size).toBe(SAME_BUG.length);
  });

  it("tells apart two errors of one class thrown from two unnamed timer callbacks", () => {
    const inTimer = (line: number) =>
      `TypeError: x\n    at Timeout._onTimeout (/srv/tool/bin/tool.js:${line}:5)\n    at listOnTimeout (node:internal/timers:581:17)\n    at process.processTimers (node:internal/timers:519:7)`;
    const [first, second] = [3, 9].map((line) => normalizeStack(inTimer(line)));
    expect(first).toEqual(["anon:tool:3"]);
    expect(fingerprint("TypeError", first ?? [])).not.toBe(fingerprint("TypeError", second ?? []));
  });

  it("tells apart two errors of one class thrown from a script's top-level code", () => {
    const topLevel = (line: number) =>
      `TypeError: x\n    at file:///srv/tool/bin/tool.mjs:${line}:9\n    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)`;
    const [first, second] = [12, 40].map((line) => normalizeStack(topLevel(line)));
    expect(first).toEqual(["anon:tool:12"]);
    expect(fingerprint("TypeError", first ?? [])).not.toBe(fingerprint("TypeError", second ?? []));
  });
});

describe("frame signing rules", () => {
  it.each([
    ["a named method loses its receiver", "    at ApiClient.request (/a/b.js:1:2)", ["request"]],
    ["async is dropped", "    at async Runner.run (/a/b.js:1:2)", ["run"]],
    ["new is dropped", "    at new ApiClient (/a/client.js:1:2)", ["ApiClient"]],
    ["an alias is dropped", "    at Foo.bar [as baz] (/a/b.js:1:2)", ["bar"]],
    ["getters lose their keyword", "    at get value (/a/b.js:1:2)", ["value"]],
    [
      "Object.<anonymous> takes the file stem, and its line where the error was thrown",
      "    at Object.<anonymous> (/a/cli.js:1:2)",
      ["anon:cli:1"],
    ],
    [
      "a bare location takes the file stem and the line",
      "    at /srv/app/dist/worker.cjs:9:1",
      ["anon:worker:9"],
    ],
    [
      "an async bare location takes the file stem and the line",
      "    at async file:///srv/app/main.mjs:9:1",
      ["anon:main:9"],
    ],
    [
      "Bun's <anonymous> takes the file stem and the line",
      "      at <anonymous> (/a/cli.ts:1:2)",
      ["anon:cli:1"],
    ],
    [
      "a computed key takes the file stem and the line",
      "    at Foo.<computed> (/a/table.js:1:2)",
      ["anon:table:1"],
    ],
    [
      "an unnamed frame below the one that threw keeps the stem alone",
      "    at load (/a/cli.js:3:4)\n    at /a/cli.js:20:1\n    at Object.<anonymous> (/a/main.js:7:1)",
      ["load", "anon:cli", "anon:main"],
    ],
    [
      "an unnamed setTimeout callback (Node names it after its timer slot) takes the file stem and the line",
      "    at Timeout._onTimeout (/a/cli.js:5:3)\n    at listOnTimeout (node:internal/timers:581:17)",
      ["anon:cli:5"],
    ],
    [
      "an unnamed setImmediate callback takes the file stem and the line",
      "    at Immediate._onImmediate (/a/cli.js:8:3)\n    at process.processImmediate (node:internal/timers:483:21)",
      ["anon:cli:8"],
    ],
    [
      "a named timer callback keeps its name",
      "    at Timeout.tick [as _onTimeout] (/a/cli.js:5:3)",
      ["tick"],
    ],
    [
      "symbol-keyed methods keep the symbol",
      "    at Foo.[Symbol.iterator] (/a/b.js:1:2)",
      ["Symbol.iterator"],
    ],
    ["private methods keep the hash", "    at Foo.#flush (/a/b.js:1:2)", ["#flush"]],
    ["$ becomes _ (report character set)", "    at $http (/a/b.js:1:2)", ["_http"]],
    [
      "eval frames are dropped",
      "    at eval (eval at run (/a/b.js:1:2), <anonymous>:1:1)\n    at run (/a/b.js:1:2)",
      ["run"],
    ],
    [
      "node: frames are dropped",
      "    at Module._compile (node:internal/modules/cjs/loader:1:2)",
      [],
    ],
    [
      "old internal/ frames are dropped",
      "    at Module._compile (internal/modules/cjs/loader.js:1:2)",
      [],
    ],
    [
      "builtins shown as <anonymous> are dropped",
      "    at new Promise (<anonymous>)\n    at JSON.parse (<anonymous>)",
      [],
    ],
    ["Promise.all index frames are dropped", "    at async Promise.all (index 3)", []],
    ["Bun native frames are dropped", "      at processTicksAndRejections (native:7:39)", []],
    ["Deno ext: frames are dropped", "    at Object.runMicrotasks (ext:core/01_core.js:1:2)", []],
    [
      "tick plumbing is dropped by name",
      "    at processTicksAndRejections (/weird/place.js:1:2)",
      [],
    ],
    [
      "JavaScriptCore global code takes the stem and the line",
      "global code@/a/entry.js:1:2",
      ["anon:entry:1"],
    ],
    ["JavaScriptCore named frames", "run@/a/b.js:1:2\n@/a/cli.js:3:4", ["run", "anon:cli"]],
    [
      "recursion collapses",
      "    at f (/a/b.js:1:2)\n    at f (/a/b.js:1:2)\n    at f (/a/b.js:3:2)\n    at g (/a/b.js:1:2)",
      ["f", "g"],
    ],
    [
      "paths with parentheses still parse",
      "    at run (C:\\Program Files (x86)\\app\\b.js:1:2)",
      ["run"],
    ],
  ])("%s", (_name, stack, expected) => {
    expect(normalizeStack(`Error: x\n${stack}`)).toEqual(expected);
  });

  it("uses only the last contiguous frame block (a message can embed another stack)", () => {
    const stack =
      "Error: outer\n    at inner (/a/b.js:1:2)\nchild said:\n\n    at own (/a/c.js:1:2)";
    expect(normalizeStack(stack)).toEqual(["own"]);
  });

  it("returns no signatures for a stack without frames", () => {
    expect(normalizeStack("Error: only a message")).toEqual([]);
    expect(normalizeStack("")).toEqual([]);
  });

  it.each([[null], [undefined], [42], [{}]])("returns [] for the non-string %j", (value) => {
    expect(normalizeStack(value as unknown as string)).toEqual([]);
  });

  it("reads huge stacks without failing", () => {
    const stack = `Error: x\n${"    at f (/a/b.js:1:2)\n".repeat(100_000)}`;
    expect(normalizeStack(stack)).toEqual(["f"]);
  });
});

describe("file stems identify anonymous frames", () => {
  it.each([
    ["/usr/lib/node_modules/x/dist/cli.js:1:2", "cli"],
    ["C:\\Users\\x\\app\\cli.cjs:1:2", "cli"],
    ["file:///C:/app/cli.mjs:10:3", "cli"],
    ["webpack://app/./src/cli.ts?abc:1:2", "cli"],
    ["https://cdn.example.com/app/main.3f2a1b9c.js:1:2", "main"],
    ["/app/dist/chunk-4KX3ZQ2A.js:1:2", "chunk"],
    ["/app/dist/index-BqXzHgaD.js", "index"],
    ["/app/dist/vendor.min.js:1:2", "vendor"],
    ["/app/dist/my-component.js:1:2", "my-component"],
    ["/app/dist/server-v2.js:1:2", "server-v2"],
    ["https://deno.land/std@0.200.0/fs/mod.ts:1:2", "mod"],
    ["app://./renderer.js#x:1:2", "renderer"],
  ])("%s -> %s", (location, stem) => {
    expect(fileStem(location)).toBe(stem);
  });
});

describe("fileStem, read by character", () => {
  // The regex form it replaced, kept here as the reference.
  const EXTENSION = /\.(?:[cm]?[jt]sx?|vue|svelte|astro|wasm|node|html?)$/i;
  const buildHash = (segment: string): boolean => {
    if (segment.length < 6 || segment.length > 32 || !/^[A-Za-z0-9_]+$/.test(segment)) return false;
    const digit = /[0-9]/.test(segment);
    if (digit && /[A-Za-z]/.test(segment)) return true;
    if (digit) return segment.length >= 8;
    return segment.length >= 8 && /[a-z]/.test(segment) && /[A-Z]/.test(segment);
  };
  const reference = (location: string): string => {
    let text = location.trim().replace(/(?::\d+){1,2}$/, "");
    const query = text.search(/[?#]/);
    if (query !== -1) text = text.slice(0, query);
    text = text.replace(/[\\/]+$/, "");
    const slash = Math.max(text.lastIndexOf("/"), text.lastIndexOf("\\"));
    let stem = (slash === -1 ? text : text.slice(slash + 1)).replace(
      /^[A-Za-z][A-Za-z0-9+.-]*:/,
      "",
    );
    for (let i = 0; i < 3; i += 1) {
      const before = stem;
      stem = stem.replace(EXTENSION, "").replace(/\.min$/i, "");
      const dash = Math.max(stem.lastIndexOf("."), stem.lastIndexOf("-"));
      if (dash > 0 && buildHash(stem.slice(dash + 1))) stem = stem.slice(0, dash);
      if (stem === before) break;
    }
    return stem;
  };
  const pieces = [
    "/",
    "\\",
    ":",
    "::",
    "12",
    "3",
    "?",
    "#",
    ".",
    "-",
    "_",
    " ",
    "x",
    "Ab",
    "app",
    "cli",
    "webpack:",
    "file:///",
    "C:",
    "1app:",
    ".js",
    ".MJS",
    ".min",
    ".MIN",
    ".ts",
    ".vue",
    ".wasm",
    "3f2a1b9c",
    "4KX3ZQ2A",
    "BqXzHgaD",
    "abcdefgh",
    "ABCDEFGH",
    "12345678",
    "1234567",
    "é",
    "+",
    ".cjsx",
    ".HTML",
    ".htm",
    ".Svelte",
    "\u212a",
    "\u017f",
    "\u0130",
  ];
  it("gives what the regex form gave", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const location = parts.join("");
        expect(fileStem(location)).toBe(reference(location));
      }),
      { numRuns: 3000 },
    );
  });
});
