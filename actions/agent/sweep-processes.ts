import { readdirSync, readFileSync } from "node:fs";

// Finds and kills every process a sandboxed command started, wherever it
// went: its process group and its whole POSIX session (a child that moved to
// another group), and any process carrying the command's marker in its
// environment (a child that started a session of its own, `setsid -f`, and
// was re-parented to init). Linux /proc only: where it is missing (macOS
// runners), only the group is killed. A process that both leaves the session
// and clears its environment is not found: docs/actions.md names that limit.

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
}

// /proc/<pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold
// spaces and parentheses, so fields are counted after the last ")".
function sessionOf(pid: string): number | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return undefined;
  return Number(fields[3]);
}

export function findSandboxed(marker: string, sessionId: number | undefined): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const needle = `\0${marker}\0`;
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const session = sessionOf(entry);
    if (session === undefined) continue;
    if (sessionId !== undefined && session === sessionId) {
      found.push(Number(entry));
      continue;
    }
    const environ = readProc(`/proc/${entry}/environ`);
    if (environ !== undefined && `\0${environ}`.includes(needle)) found.push(Number(entry));
  }
  return found;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone; EPERM: not ours, and so not the command's.
  }
}

export function signalSandboxed(
  marker: string,
  sessionId: number | undefined,
  signal: NodeJS.Signals,
): number {
  if (sessionId !== undefined) kill(-sessionId, signal);
  const pids = findSandboxed(marker, sessionId);
  for (const pid of pids) kill(pid, signal);
  return pids.length;
}

// SIGKILL until a sweep finds nothing (a process may fork while it is being
// killed); resolves with the number of sweeps that found something.
export async function killSandboxed(
  marker: string,
  sessionId: number | undefined,
  maxSweeps = 50,
): Promise<number> {
  let sweeps = 0;
  while (sweeps < maxSweeps && signalSandboxed(marker, sessionId, "SIGKILL") > 0) {
    sweeps += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sweeps;
}
