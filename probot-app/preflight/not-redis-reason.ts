import { connect } from "node:net";

// What the server at a redis:// URL that failed the check is, when it
// answered at all but not in Redis's protocol (RESP): resolves to why it is
// not Redis, or undefined (it is Redis, answered nothing, or is not
// reachable: the caller says that).
//
// ioredis only half knows: it fails such an answer with "Unknown RESP type
// <byte>. Please report this." (not a bug to report), and only when the
// answer arrives before a write of its pipelined commands meets the closed
// socket (EPIPE). So one plain PING is sent and the first bytes read.
// rediss:// is not probed: a TLS port answers plain text with an alert.
export async function notRedisReason(url: string, timeoutMs: number): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "redis:") return undefined;
  const answer = await firstBytes(parsed.hostname, Number(parsed.port || 6379), timeoutMs);
  if (!answer || /^[+\-$*:_#,(!=%~>|]/.test(answer)) return undefined;
  // "HTTP/1.1 400 Bad Request": web servers answer any line with an error page.
  return answer.startsWith("HTTP/")
    ? "it spoke HTTP: is that a web server's port?"
    : "its answer is not in Redis's protocol";
}

function firstBytes(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ""), port });
    const done = (answer?: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done());
    socket.once("error", () => done());
    socket.once("close", () => done());
    socket.once("data", (chunk: Buffer) => done(chunk.toString("latin1", 0, 16)));
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}
