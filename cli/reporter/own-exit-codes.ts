// A host that mounts crashfix's commands ends with the code they return
// (`process.exitCode = await runCrashfixCommand(...)`). That exit is
// crashfix's answer to the user (a report not found, an ingest offline),
// never a crash of the host, so the reporter does not capture it.
let lastCommandExitCode: number | undefined;

export function recordCommandExitCode(code: number): void {
  lastCommandExitCode = code;
}

export function isCommandExitCode(code: number): boolean {
  return lastCommandExitCode !== undefined && code === lastCommandExitCode;
}
