import { portInUseMessage } from "../../command-line/port-option.js";
import { codeInChain } from "../errors/code-in-chain.js";

// Why the ingest cannot listen where HOST and PORT say, in one sentence
// naming the variable to change; undefined for an error that is not about
// the address (the caller rethrows it). Node reports these as the socket's
// errno codes, from listen() or from resolving HOST first.
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = codeInChain(error);
  const where = `the ingest cannot listen on ${host}:${port}`;
  switch (code) {
    case "EADDRINUSE":
      return portInUseMessage(
        "the ingest",
        host,
        port,
        "Set PORT to another port (PORT=0 picks a free one).",
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EADDRNOTAVAIL":
    case "EAFNOSUPPORT":
      return `${where}: HOST is not an address of this machine (${code}). Set HOST to one of its addresses: 127.0.0.1 for this machine only, 0.0.0.0 for every interface.`;
    case "EACCES":
      return `${where}: listening on a port below 1024 needs privileges this process does not have (EACCES). Set PORT to 1024 or above, and forward to it.`;
    default:
      return undefined;
  }
}
