import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";

const config = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }],
};

/** How many findings secretlint's recommended preset reports in `content` (it detects, rewrites nothing). */
export async function secretlintScan(content: string): Promise<number> {
  const result = await lintSource({
    source: { content, filePath: "crash-report.txt", contentType: "text" },
    options: { config, noPhysicFilePath: true },
  });
  return result.messages.length;
}
