import { UsageError } from "./usage-error.js";

/** A port flag's value: 0 (pick a free port) to 65535. */
export function parsePortOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(
      `${flag} takes a port number from 0 to 65535 (0 picks a free one), not "${raw}"`,
    );
  }
  return Number(raw);
}

/** Whether `error`, or an error in its cause chain, is a listen on a port that is taken. */
export function isAddressInUse(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth += 1) {
    if ((current as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/** The one sentence every bin prints when its port is taken. */
export function portInUseMessage(what: string, host: string, port: number, change: string): string {
  return `${what} cannot listen on ${host}:${port}: that port is already in use (is another copy running?). ${change}`;
}
