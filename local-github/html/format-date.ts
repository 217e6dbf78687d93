const FORMAT = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "Dec 4, 2026, 22:02 UTC" for a stored ISO timestamp; the raw text when it does not parse. */
export function readableDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${FORMAT.format(time)} UTC`;
}
