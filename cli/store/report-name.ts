const REPORT_NAME = /^[0-9a-f]{16}-\d{8}T\d{6}Z-[0-9a-f]{8}\.json$/;

/**
 * Whether `name` is a report file's name (save-report.ts's reportFileName
 * gives it). On its own, for the start, which asks whether reports wait:
 * another `.json` in the outbox (a cloned repository's) is no report, and
 * would start a send at every run that sends nothing.
 */
export function isReportName(name: string): boolean {
  return REPORT_NAME.test(name);
}
