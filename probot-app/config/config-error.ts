/** The environment cannot start the ingest; `problems` names every variable to fix, each with what to set. */
export class ConfigError extends Error {
  readonly code = "INVALID_CONFIG";
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(
      problems.length === 1
        ? `the environment cannot start the ingest: ${problems[0]}`
        : `the environment cannot start the ingest (${problems.length} problems):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
      options,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}
