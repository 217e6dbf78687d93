// crashfix/probot-app: the ingest. POST /v1/crash on Probot's HTTP server, a
// durable spool, and a worker that files one triage issue per fingerprint and
// keeps its counters exact.
export { ConfigError } from "./config/config-error.js";
export { type CrashfixConfig, readEnvConfig } from "./config/read-env-config.js";
export {
  type AppOptions,
  type CrashfixApp,
  createCrashfixApp,
  type IngestObserver,
} from "./server/create-crashfix-app.js";
export { Metrics } from "./server/metrics.js";
export {
  type CrashfixServer,
  type StartOptions,
  startCrashfixServer,
} from "./server/start-crashfix-server.js";
export { SpoolWriteError } from "./spool/checksum-log.js";
export { CountersCorruptError } from "./worker/counters-writer.js";
