import { charClass, isDigitCode } from "./char-class.js";

// What the start of a word-token anchor (word-token-rules.ts) can hold: the
// pair table marks an anchor's first pairs by it (pair-marks.ts, at build
// time), and the scan guards an anchor's regex with it (pair-table.ts).

/**
 * The characters each of the first `count` positions of an anchor's
 * source can hold, as far as they are fixed (fewer when the source ends or
 * something optional or repeated comes first). Anchors are literals
 * (maybe escaped) and bracket classes, each once or a fixed number of
 * times (`{8}`): all this reads. Read by character, without regexes: it
 * runs as the scrubber loads, on every crash, where each regex is compiled
 * (and compiled again once it runs twice).
 */
export function fixedLead(source: string, count: number): number[][] {
  const sets: number[][] = [];
  let at = 0;
  while (sets.length < count && at < source.length && !"(|?*+{".includes(source.charAt(at))) {
    const [codes, after] = atom(source, at);
    const repeat = repeatAt(source, after);
    if (repeat === undefined) break;
    for (let k = 0; k < repeat.times; k += 1) sets.push(codes);
    at = repeat.end;
  }
  return sets.slice(0, count);
}

/** How often the atom before `at` repeats: once, `{n}` times, or undefined for any other quantifier. */
function repeatAt(source: string, at: number): { times: number; end: number } | undefined {
  const next = source.charAt(at);
  if (next !== "{") return "?*+".includes(next) && next !== "" ? undefined : { times: 1, end: at };
  let end = at + 1;
  while (end < source.length && isDigitCode(source.charCodeAt(end))) end += 1;
  if (end === at + 1 || source.charAt(end) !== "}") return undefined;
  return { times: Number(source.slice(at + 1, end)), end: end + 1 };
}

/** The characters the atom at `at` matches, and where it ends. */
function atom(source: string, at: number): [number[], number] {
  if (source.charAt(at) === "[") {
    const close = source.indexOf("]", at + 1);
    const members = charClass(source.slice(at + 1, close));
    const codes: number[] = [];
    for (let code = 0; code < members.length; code += 1) if (members[code] === 1) codes.push(code);
    return [codes, close + 1];
  }
  if (source.charAt(at) === "\\") return [[source.charCodeAt(at + 1)], at + 2];
  return [[source.charCodeAt(at)], at + 1];
}
