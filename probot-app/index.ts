// crashfix/probot-app: the ingest. POST /v1/crash on Probot's HTTP server (or
// as a serverless function), a durable spool (a local directory, or Redis
// shared by any number of instances), and a flusher that files one triage
// issue per fingerprint and keeps its counters exact.
export { ConfigError } from "./config/config-error.js";
export { type CrashfixConfig, readEnvConfig } from "./config/read-env-config.js";
export { type FlushOnceResult, flushOnce } from "./flush/flush-once.js";
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
export {
  createServerlessHandler,
  FLUSH_PATH,
  type ServerlessHandler,
} from "./serverless/create-serverless-handler.js";
export { SpoolWriteError } from "./spool/checksum-log.js";
export {
  type Flusher,
  type ReportIdLedger,
  type ReportSpool,
  SpoolFullError,
  SpoolUnavailableError,
  SpoolUnreachableError,
} from "./spool/report-spool.js";
export { CountersCorruptError } from "./worker/counters-writer.js";
