// crashfix's own timestamps (a report's captured_at, an attempt's updated_at,
// the counters' first and last seen): UTC, to the second,
// `YYYY-MM-DDTHH:MM:SSZ` (docs/DESIGN.md section 2).

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `date` as crashfix writes a timestamp: `toISOString()` without the
 * milliseconds. Built from the UTC fields because a process's first
 * toISOString() costs about 0.7 ms (measured on Node 20), and a crashing
 * host pays for this one. Throws RangeError on an invalid date, as
 * toISOString() does.
 */
export function utcSeconds(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(year)) throw new RangeError("Invalid time value");
  if (year < 0 || year > 9999) return `${date.toISOString().slice(0, -5)}Z`;
  const day = `${String(year).padStart(4, "0")}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
  const time = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
  return `${day}T${time}Z`;
}

const UTC_SECONDS = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}Z$/;

/** A timestamp of crashfix's own as people read it ("2026-12-04 10:00 UTC"); anything else unchanged. */
export function readableTime(iso: string): string {
  const match = UTC_SECONDS.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
