// What POST /v1/crash says when it refuses a report: one short line that
// names what is wrong (the header, or the schema's first failing field),
// never a value the client sent nor a key the schema does not define.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { schemaIssueReason } from "../../probot-app/ingest/schema-issue-reason.js";
import { reportSchema } from "../../redact/index.js";
import { json, valid } from "./bad-input-cases.js";
import { post, shareIngest } from "./harness.js";

const shared = shareIngest();
const JSON_HEADERS = { "content-type": "application/json" };
const without = (key: string) => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[key];
  return copy;
};

describe("a body with the wrong headers gets a 415 that says which header", () => {
  it.each([
    ["no Content-Type", {}, "no Content-Type: send application/json"],
    [
      "text/plain",
      { "content-type": "text/plain" },
      "Content-Type must be application/json, in UTF-8",
    ],
    [
      "JSON in Latin-1",
      { "content-type": "application/json; charset=iso-8859-1" },
      "Content-Type must be application/json, in UTF-8",
    ],
  ])("answers %s", async (_name, headers, reason) => {
    const answer = await post(shared.ingest.url, json(valid), headers);
    expect(answer.status).toBe(415);
    expect(answer.body).toBe(`${reason}\n`);
    expect(answer.headers["accept-encoding"]).toBeUndefined();
  });

  it.each([
    ["gzip", gzipSync(json(valid))],
    ["br", Buffer.from(json(valid))],
    ["gzip, identity", gzipSync(json(valid))],
  ])(
    "answers Content-Encoding %s: send it uncompressed, Accept-Encoding identity",
    async (encoding, body) => {
      const answer = await post(shared.ingest.url, body, {
        ...JSON_HEADERS,
        "content-encoding": encoding,
      });
      expect(answer.status).toBe(415);
      expect(answer.body).toBe("send the JSON uncompressed, without Content-Encoding\n");
      expect(answer.headers["accept-encoding"]).toBe("identity");
    },
  );

  it("takes Content-Encoding identity, which is no coding", async () => {
    const answer = await post(
      shared.ingest.url,
      json({ ...valid, report_id: crypto.randomUUID() }),
      {
        ...JSON_HEADERS,
        "content-encoding": "identity",
      },
    );
    expect(answer.status).toBe(202);
  });
});

describe("a report the schema refuses gets a 400 naming the first failing field", () => {
  it.each([
    ["a number for a string", { ...valid, app_version: 123 }, "app_version: expected a string"],
    ["a missing field", without("report_id"), "report_id: missing"],
    [
      "a fraction for an integer",
      { ...valid, exit_code: 1.5 },
      "exit_code: expected a whole number",
    ],
    ["a string for an object", { ...valid, runtime: "20" }, "runtime: expected an object"],
    ["another schema version", { ...valid, schema: "2" }, 'schema: expected "1"'],
    ["a negative count", { ...valid, redactions_count: -1 }, "redactions_count: below 0"],
    [
      "six frames",
      { ...valid, stack_signature: ["a", "b", "c", "d", "e", "f"] },
      "stack_signature: more than 5 items",
    ],
    [
      "a frame outside the character set",
      { ...valid, stack_signature: ["main", "$(id)"] },
      "stack_signature[1]: outside its characters or length",
    ],
    [
      "a runtime version outside the character set",
      { ...valid, runtime: { node: "`id`" } },
      "runtime.node: outside its characters or length",
    ],
    [
      "an unknown top-level field",
      { ...valid, message_canary: "hello" },
      "the report has a field the schema does not define",
    ],
    [
      "an unknown field in runtime",
      { ...valid, runtime: { node: "20.19.0", python_canary: "3" } },
      "runtime has a field the schema does not define",
    ],
  ])("answers %s", async (_name, report, reason) => {
    const answer = await post(shared.ingest.url, json(report));
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(`not a schema 1 report: ${reason}\n`);
    expect(answer.body).not.toContain("canary");
  });
});

describe("schemaIssueReason", () => {
  it("names no path that has a key the schema does not define", () => {
    const issue = { code: "invalid_type", expected: "string", path: ["token_canary"], message: "" };
    expect(schemaIssueReason(reportSchema, [issue as never], {})).toBe(
      "a field the schema does not define",
    );
  });

  it("names no path that indexes into a field that is not a list", () => {
    const issue = { code: "invalid_type", expected: "string", path: ["app", 0], message: "" };
    expect(schemaIssueReason(reportSchema, [issue as never], {})).toBe(
      "a field the schema does not define",
    );
  });
});
