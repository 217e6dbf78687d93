const ignoreNow = () => {};
const ignoreLater = () => {};

/**
 * A process stream written as Node's console writes it
 * (lib/internal/console/constructor.js): an error of the stream ends the
 * output quietly. When the reader has gone (`loki crash | head -1`, EPIPE),
 * a plain write would end in an 'error' event nobody listens to, which
 * crashes the host that mounted the commands and is captured as its crash.
 * `write` returns false when the stream failed at once (files, terminals and
 * a pipe whose reader has gone fail inside the write); a pipe that fails
 * later, after taking the text, is not seen.
 */
export function consoleLikeOutput(stream: NodeJS.WriteStream): {
  isTTY: boolean;
  write(text: string | Uint8Array): boolean;
} {
  return {
    isTTY: stream.isTTY,
    write(text) {
      // An error raised inside write (files and terminals write at once).
      const guard = stream.listenerCount("error") === 0;
      if (guard) stream.once("error", ignoreNow);
      try {
        stream.write(text, (error) => {
          // A pipe reports its error after the write returns: the event follows this callback.
          if (error && stream.listenerCount("error") === 0) stream.once("error", ignoreLater);
        });
        return !stream.errored;
      } catch {
        // the stream is gone, and the output with it
        return false;
      } finally {
        if (guard) stream.removeListener("error", ignoreNow);
      }
    },
  };
}
