// Reads the JSON of a hidden `<!-- prefix{json} -->` block. The JSON never
// holds `>` (see commentSafeJson), so the first " -->" after it ends it.
export function readMarkerJson(body: string, prefix: string): unknown {
  const start = body.indexOf(prefix);
  if (start < 0) return undefined;
  const from = start + prefix.length;
  const end = body.indexOf(" -->", from);
  if (end < 0) return undefined;
  try {
    return JSON.parse(body.slice(from, end));
  } catch {
    return undefined;
  }
}
