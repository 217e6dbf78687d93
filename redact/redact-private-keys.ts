import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { SpanWriter } from "./replace-matches.js";

const REPLACEMENT = redactionToken("PRIVATE_KEY");

/**
 * A PEM header line "-----BEGIN <label>-----" whose label names a private key
 * (RSA/EC/DSA/OPENSSH/ENCRYPTED/PGP ... PRIVATE KEY [BLOCK]). Bounded label,
 * so matching the header costs at most a few dozen steps per "-----BEGIN".
 */
export const PEM_HEADER_PATTERN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END_MARKER = "-----END";

/** PuTTY key files carry the private part between these two lines. */
const PUTTY_HEADER = "PuTTY-User-Key-File-";
const PUTTY_END = "Private-MAC:";

/**
 * Drop private key blocks whole, header to footer. A header with no footer
 * drops everything after it (fail closed: the key may be cut by a size cap).
 * Found with indexOf, so the cost is one pass however many headers there are.
 */
export function redactPrivateKeys(text: string, counter: RedactionCounter): string {
  if (!text.includes("PRIVATE KEY") && !text.includes(PUTTY_HEADER)) return text;
  const writer = new SpanWriter(text, counter);
  PEM_HEADER_PATTERN.lastIndex = 0;
  let header = PEM_HEADER_PATTERN.exec(text);
  while (header !== null) {
    const start = header.index;
    const endMarker = text.indexOf(PEM_END_MARKER, start + header[0].length);
    let end = text.length;
    if (endMarker !== -1) {
      // The footer is "-----END <label>-----": skip to the dashes closing it.
      const close = text.indexOf("-----", endMarker + PEM_END_MARKER.length);
      end = close === -1 ? text.length : close + 5;
    }
    writer.add(start, end, REPLACEMENT);
    PEM_HEADER_PATTERN.lastIndex = end;
    header = end >= text.length ? null : PEM_HEADER_PATTERN.exec(text);
  }
  PEM_HEADER_PATTERN.lastIndex = 0;
  const afterPem = writer.finish();
  return redactPutty(afterPem, counter);
}

function redactPutty(text: string, counter: RedactionCounter): string {
  const writer = new SpanWriter(text, counter);
  let from = 0;
  while (from < text.length) {
    const start = text.indexOf(PUTTY_HEADER, from);
    if (start === -1) break;
    const mac = text.indexOf(PUTTY_END, start);
    let end = text.length;
    if (mac !== -1) {
      const lineEnd = text.indexOf("\n", mac);
      end = lineEnd === -1 ? text.length : lineEnd;
    }
    writer.add(start, end, REPLACEMENT);
    from = end;
  }
  return writer.finish();
}
