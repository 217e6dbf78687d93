// crashfix's own timestamps (a report's captured_at, an attempt's updated_at,
// the counters' first and last seen): UTC, to the second,
// `YYYY-MM-DDTHH:MM:SSZ` (DESIGN.md section 2).

/** `date` as crashfix writes a timestamp: `toISOString()` without the milliseconds. */
export function utcSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const UTC_SECONDS = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}Z$/;

/** A timestamp of crashfix's own as people read it ("2026-12-04 10:00 UTC"); anything else unchanged. */
export function readableTime(iso: string): string {
  const match = UTC_SECONDS.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
