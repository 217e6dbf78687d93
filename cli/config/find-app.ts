import { CrashfixError } from "../errors.js";
import { fs, path } from "../node-builtins.js";
import { HOST_SETTINGS_FILE } from "./resolve-paths.js";

const { existsSync, readdirSync } = fs;
const { join } = path;

const APP = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function appsWith(dir: string, marker: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(".") && APP.test(name.slice(1)))
    .filter((name) => existsSync(join(dir, name, marker)))
    .map((name) => name.slice(1))
    .sort();
}

/** The apps whose hosts installed crashfix for the user whose home is `home`. */
export function installedApps(home: string): string[] {
  return appsWith(home, HOST_SETTINGS_FILE);
}

/**
 * The app the standalone command acts for when none is named: the one with
 * crash reports in this folder (`.<app>/crash/`), else the one host that
 * installed crashfix for this user (`~/.<app>/crashfix.json`).
 */
export function findApp(cwd: string, home: string): string {
  const here = appsWith(cwd, "crash");
  if (here.length === 1) return here[0] as string;
  if (here.length > 1) {
    throw new CrashfixError(
      "USAGE",
      `several apps keep crash reports here (${here.join(", ")}): say which with --app <id>`,
    );
  }
  const installed = installedApps(home);
  if (installed.length === 1) return installed[0] as string;
  if (installed.length > 1) {
    throw new CrashfixError(
      "USAGE",
      `several apps use crashfix on this machine (${installed.join(", ")}): say which with --app <id>`,
    );
  }
  throw new CrashfixError(
    "USAGE",
    "no app to act for: no .<app>/crash folder here and no app has installed crashfix for this user; say which with --app <id> or --config <file>",
  );
}
