import { describe, expect, it } from "vitest";
import { DEFAULT_SIGNATURE_COUNT, fingerprint, MAX_SIGNATURES } from "../../redact/index.js";
import { makeReport, postReport, shareIngest } from "./harness.js";

// One fingerprint rule everywhere (docs/DESIGN.md section 2): the top 5 signatures.
// A report may carry no more than the rule hashes, so no report is accepted
// under a fingerprint the Action and the docs would compute differently.
const shared = shareIngest();

const six = ["f1", "f2", "f3", "f4", "f5", "f6"];

describe("the fingerprint rule", () => {
  it("allows exactly as many signatures as the fingerprint hashes", () => {
    expect(MAX_SIGNATURES).toBe(DEFAULT_SIGNATURE_COUNT);
    expect(DEFAULT_SIGNATURE_COUNT).toBe(5);
  });

  it.each([
    ["hashed over the top 5", fingerprint("TypeError", six)],
    ["hashed over all 6", fingerprint("TypeError", six, 6)],
  ])("refuses a 6-frame report %s", async (_name, fp) => {
    const answer = await postReport(
      shared.ingest.url,
      makeReport({ frames: six, fingerprint: fp }),
    );
    expect(answer.status).toBe(400);
  });

  it("accepts a 5-frame report hashed over its 5 frames", async () => {
    const five = six.slice(0, 5);
    const answer = await postReport(shared.ingest.url, makeReport({ frames: five }));
    expect(answer.status).toBe(202);
  });
});
