// Orders version strings the way semver does for the common cases
// (https://semver.org/#spec-item-11): numeric dotted parts compare as
// numbers, a leading "v" is ignored, and a pre-release sorts before its
// release. Anything unparsable compares by string, so the order is total.
function parse(version: string): { parts: number[]; pre: string } | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match?.[1]) return undefined;
  return { parts: match[1].split(".").map(Number), pre: match[2] ?? "" };
}

export function compareVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return a < b ? -1 : a > b ? 1 : 0;
  const length = Math.max(left.parts.length, right.parts.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === "") return 1;
  if (right.pre === "") return -1;
  return left.pre < right.pre ? -1 : 1;
}

export function maxVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const version of versions) {
    if (best === undefined || compareVersions(version, best) > 0) best = version;
  }
  return best;
}
