const two = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/**
 * `YYYY-MM-DDTHH:MM:SSZ`, the same text as `toISOString()` cut to seconds.
 * Built from the getUTC* parts because V8's first `toISOString()` in a
 * process loads the local time zone (it reads /etc/localtime), ~0.2 ms of a
 * crash that needs no local time. Years outside 0-9999 (six digits and a
 * sign there) take the old path, so the text is the same for every date.
 */
export function utcSeconds(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) return `${date.toISOString().slice(0, 19)}Z`;
  const day = `${`${year}`.padStart(4, "0")}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  return `${day}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}Z`;
}
