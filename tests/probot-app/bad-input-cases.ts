// Bad bodies for POST /v1/crash and the statuses the ingest must answer them
// with; injection strings tried in every string field.
import { makeReport } from "./harness.js";

export const valid = makeReport();
export const json = (value: unknown) => JSON.stringify(value);
const withField = (key: string, value: unknown) => json({ ...valid, [key]: value });
const without = (key: string) => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[key];
  return json(copy);
};
const deep = (depth: number): unknown => (depth === 0 ? "x" : { a: deep(depth - 1) });

export const cases: [string, string | Buffer, number, Record<string, string>?][] = [
  ["truncated JSON", json(valid).slice(0, 40), 400],
  ["an empty body", "", 400],
  ["a JSON array", json([valid]), 400],
  ["a JSON string", json("report"), 400],
  ["JSON null", "null", 400],
  ["a trailing comma", `${json(valid).slice(0, -1)},}`, 400],
  ["NaN", json(valid).replace('"redactions_count":0', '"redactions_count":NaN'), 400],
  ["a number where a string belongs", withField("app_version", 123), 400],
  ["a string where an array belongs", withField("stack_signature", "main"), 400],
  ["a string exit code", withField("exit_code", "1"), 400],
  ["a fractional exit code", withField("exit_code", 1.5), 400],
  ["a negative redactions count", withField("redactions_count", -1), 400],
  ["an unknown field", withField("message", "hello"), 400],
  ["an unknown field in runtime", withField("runtime", { node: "20", python: "3" }), 400],
  ["a missing report_id", without("report_id"), 400],
  ["a missing fingerprint", without("fingerprint"), 400],
  ["a missing schema", without("schema"), 400],
  ["schema version 2", withField("schema", "2"), 400],
  ["a __proto__ key", json(valid).replace("{", '{"__proto__":{"admin":true},'), 400],
  ["a constructor key", json(valid).replace("{", '{"constructor":{"prototype":{}},'), 400],
  [
    "a __proto__ key inside runtime",
    withField("runtime", JSON.parse('{"__proto__":{"x":1}}')),
    400,
  ],
  ["deep nesting", withField("runtime", deep(200)), 400],
  ["a 21-frame signature", withField("stack_signature", Array(21).fill("f")), 400],
  ["a huge array", withField("stack_signature", Array(5000).fill(1)), 413],
  ["a 2 KiB string", withField("app", "a".repeat(2048)), 400],
  ["a non-UUID report id", withField("report_id", "1234"), 400],
  [
    "a report id that is not v4",
    withField("report_id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
    400,
  ],
  ["a captured_at with milliseconds", withField("captured_at", "2026-11-25T12:00:00.123Z"), 400],
  ["a captured_at with an offset", withField("captured_at", "2026-11-25T12:00:00+01:00"), 400],
  ["an unknown friction kind", withField("friction_kind", "rm -rf"), 400],
  ["a non-hex fingerprint", withField("fingerprint", "z".repeat(64)), 400],
  ["an upper-case fingerprint", withField("fingerprint", valid.fingerprint.toUpperCase()), 400],
  ["a short fingerprint", withField("fingerprint", valid.fingerprint.slice(0, 63)), 400],
  [
    "a fingerprint of other frames",
    withField("fingerprint", makeReport({ frames: ["x"] }).fingerprint),
    400,
  ],
  ["a non-hex project id", withField("project_id_hash", "g".repeat(64)), 400],
  [
    "invalid UTF-8",
    Buffer.concat([Buffer.from('{"app":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    400,
  ],
  [
    "an overlong UTF-8 encoding",
    Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    400,
  ],
  ["a lone high surrogate", json(valid).replace('"loki-mode"', '"loki\\ud800"'), 400],
  ["a lone low surrogate", json(valid).replace('"TypeError"', '"\\udc00Type"'), 400],
  ["an oversize body", json({ ...valid, pad: "x".repeat(20_000) }), 413],
  ["text/plain", json(valid), 415, { "content-type": "text/plain" }],
  ["no content type", json(valid), 415, {}],
  ["form encoding", json(valid), 415, { "content-type": "application/x-www-form-urlencoded" }],
  ["JSON in Latin-1", json(valid), 415, { "content-type": "application/json; charset=iso-8859-1" }],
  [
    "a gzip encoding",
    json(valid),
    415,
    { "content-type": "application/json", "content-encoding": "gzip" },
  ],
];

export const INJECTIONS = [
  "$(touch /tmp/pwned)",
  "`id`",
  "a; rm -rf /",
  "<script>alert(1)</script>",
  "x\ny",
  "../../etc/passwd",
  "@octocat",
  "' OR 1=1 --",
  // A GitHub Actions expression, in case a value ever reaches a workflow.
  ["$", "{{ secrets.GITHUB_TOKEN }}"].join(""),
  "a|b",
];
export const STRING_FIELDS = [
  "report_id",
  "app",
  "app_version",
  "os",
  "arch",
  "error_class",
  "phase",
  "project_id_hash",
  "fingerprint",
  "rules_version",
  "captured_at",
];
