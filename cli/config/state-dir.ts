import { homeDirectory, path } from "../node-builtins.js";
import { under } from "../path-under.js";

// Where an app's user-wide state lives, in its own module: the start loader
// (start/load-start-code.ts) needs the folder before the host's config is
// checked, to find the start code's compiled cache there.

/** The start code's compiled code, in the state folder. */
export const START_CODE_CACHE_FILE = "crashfix-start.v8cache";

/** The user's home as the environment gives it: $HOME, or %USERPROFILE% on Windows. */
export function homeFromEnv(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string | undefined {
  return platform === "win32" ? env.USERPROFILE : env.HOME;
}

/** The home a reporter works in: the one the host gave, else the environment's, else the system's. */
export function reporterHome(given: string | undefined, fromEnv: string | undefined): string {
  return given ?? fromEnv ?? homeDirectory();
}

/** A configured folder with `~` or a leading `~/` read as the home folder. */
export function expandHome(folder: string, home: string): string {
  if (folder === "~") return home;
  return folder.startsWith("~/") ? path.resolve(home, folder.slice(2)) : folder;
}

/** `~/.<app>`, or the configured state folder: absolute and normalized. */
export function resolveStateDir(input: {
  app: string;
  stateDir?: string | undefined;
  home: string;
  cwd: string;
}): string {
  return path.resolve(
    input.cwd,
    expandHome(input.stateDir ?? under(input.home, `.${input.app}`), input.home),
  );
}
