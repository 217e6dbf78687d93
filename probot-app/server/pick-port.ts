import { createServer } from "node:net";

// Probot's Server treats port 0 as "use 3000", so an ephemeral port is
// picked here first (loopback only; the tiny race is retried by the caller).
export function pickPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Rejects with the socket's EADDRINUSE error when `port` is taken, before
 * Probot's server tries it: Probot logs its own advice on that error (to set
 * PORT, which is wrong for callers that take the port from a flag).
 */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
