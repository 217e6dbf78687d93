/**
 * How a message names one of crashfix's commands: `loki crash show <id>`
 * for `crash show <id>` where users run them as `loki`, or the bare words
 * where no command exists on this machine (see ResolvedConfig's
 * `command`). Hints, notices and the mounted help all name them so.
 */
export function commandWords(command: string | undefined, words: string): string {
  return command === undefined ? words : `${command} ${words}`;
}
