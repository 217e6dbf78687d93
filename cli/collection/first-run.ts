import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { makeFolder } from "../store/make-folder.js";
import { removeFile } from "../store/remove-file.js";

const {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} = fs;

// The first run is a run, not a moment: nothing leaves the machine until the
// process that showed the notice, every process it started, and every
// process started while it lasts have ended. Each such process keeps a file
// named by its pid in `~/.<app>/first-run/` while it lives; the run is over
// when no file names a live process. A process killed without its exit
// handler leaves its file behind, which the next look finds dead and
// removes. The folder itself exists only while the run lasts: the last to
// leave removes it, so a start outside a first run pays one failed lookup.
//
// Liveness is `kill(pid, 0)` (Node emulates it on Windows). A pid the
// system has reused for an unrelated process keeps the run open; after a
// week a file is not trusted any more, so a reused pid cannot hold it
// forever.

const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const NOTICE_CLAIM = "notice";

export type FirstRunIO = {
  now: () => number;
  isAlive: (pid: number) => boolean;
};

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, and belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const defaultFirstRunIO: FirstRunIO = { now: Date.now, isAlive };

/** Records `pid` as part of the first run. Never throws; false when it could not be recorded. */
export function joinFirstRun(dir: string, pid: number): boolean {
  // Twice: the last member may remove the emptied folder between our
  // making it and our file's creation (ENOENT), and the run is then ours.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      makeFolder(dir);
      closeSync(openSync(under(dir, String(pid)), "w", 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return false;
    }
  }
  return false;
}

export function leaveFirstRun(dir: string, pid: number): void {
  removeFile(under(dir, String(pid)));
  removeIfEmpty(dir);
}

/** rmdir(2) refuses a folder with a file in it, so only the last one out removes it. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // a member or a claim is still there, or it is gone already
  }
}

/**
 * The pids of the first run that still live. Removes the files of those
 * that do not, and a notice claim whose claimant died, and the folder once
 * nothing in it is alive: the run has ended.
 */
export function firstRunMembers(dir: string, io: FirstRunIO = defaultFirstRunIO): number[] {
  // Asked at every start and every capture, and the folder is there only
  // during a first run: a missing folder read would throw an Error built
  // with its stack each time.
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const alive: number[] = [];
  for (const name of names) {
    const file = under(dir, name);
    if (name === NOTICE_CLAIM) {
      if (!claimantAlive(file, io)) removeFile(file);
      continue;
    }
    // A claim being made (`notice.<pid>`) is judged by its maker's pid.
    const member = /^[1-9][0-9]{0,9}$/.test(name);
    const maker = /^notice\.([1-9][0-9]{0,9})$/.exec(name)?.[1];
    if (!member && maker === undefined) continue;
    const pid = Number(maker ?? name);
    let fresh = false;
    try {
      fresh = io.now() - statSync(file).mtimeMs < MAX_AGE_MS;
    } catch {
      continue;
    }
    const lives = fresh && io.isAlive(pid);
    if (!lives) removeFile(file);
    else if (member) alive.push(pid);
  }
  if (alive.length === 0) removeIfEmpty(dir);
  return alive;
}

/**
 * Decides which of several first runs started together shows the notice:
 * the one that creates the claim file. The claim is made whole (written
 * under a name of its own, then linked: link(2) fails if the claim exists),
 * so no process ever reads a claim without its pid. A claim left by a
 * process that died before it could record the notice is taken over. The
 * winner checks the notice is still owed (another may have recorded it and
 * released its claim since this one read the config), shows and records
 * it, then calls releaseNotice.
 */
export function claimNotice(dir: string, pid: number, io: FirstRunIO = defaultFirstRunIO): boolean {
  const claim = under(dir, NOTICE_CLAIM);
  const mine = under(dir, `${NOTICE_CLAIM}.${pid}`);
  try {
    makeFolder(dir);
    writeFileSync(mine, String(pid), { mode: 0o600 });
  } catch {
    return false;
  }
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        linkSync(mine, claim);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") return false;
        if (claimantAlive(claim, io)) return false;
        removeFile(claim);
      }
    }
    return false;
  } finally {
    removeFile(mine);
  }
}

/** Ends a claim once the notice is recorded (or could not be): the record now answers who shows it. */
export function releaseNotice(dir: string): void {
  removeFile(under(dir, NOTICE_CLAIM));
}

function claimantAlive(file: string, io: FirstRunIO): boolean {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && io.isAlive(pid);
  } catch {
    return false;
  }
}
