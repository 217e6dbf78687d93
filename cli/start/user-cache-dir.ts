/**
 * The folder for crashfix's compiled code in the user's cache, as each
 * platform names a program's cache (the convention the env-paths package
 * follows): `$XDG_CACHE_HOME/crashfix` or `~/.cache/crashfix` (the XDG Base
 * Directory spec, which ignores a relative `XDG_CACHE_HOME`),
 * `~/Library/Caches/crashfix` on macOS, `%LOCALAPPDATA%\crashfix\Cache` on
 * Windows. Undefined where the environment names no home: no cache then.
 * Read from the environment only: node:os costs every start 0.3 ms.
 */
export function userCacheDir(): string | undefined {
  const { env, platform } = process;
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || (env.USERPROFILE && `${env.USERPROFILE}\\AppData\\Local`);
    return local ? `${local}\\crashfix\\Cache` : undefined;
  }
  const home = env.HOME?.startsWith("/") ? env.HOME : undefined;
  if (platform === "darwin") return home && `${home}/Library/Caches/crashfix`;
  if (env.XDG_CACHE_HOME?.startsWith("/")) return `${env.XDG_CACHE_HOME}/crashfix`;
  return home && `${home}/.cache/crashfix`;
}
