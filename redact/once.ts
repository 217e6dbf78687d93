/**
 * A value built on its first use. The scrubber's tables for rules that a
 * text rarely reaches (keyed values, IBANs, national ids) are built this
 * way: a crash loads the whole scrubber to scrub a few short names, and
 * building every table up front was most of what it allocated.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
