import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { LocalGitHubError } from "../errors.js";

/** The server's open connections, so close() can end keep-alive ones at once. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

/** Listens on host:port (0 picks a free port) and resolves to the port; a typed error when it cannot. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new LocalGitHubError(
          "LISTEN_FAILED",
          `cannot listen on ${host}:${port}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
