import type { Server as HttpServer } from "node:http";
import { Probot, Server } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import type { Flusher, ReportIdLedger, ReportSpool } from "../spool/report-spool.js";
import { type AppOptions, createCrashfixApp } from "./create-crashfix-app.js";
import { gateRequests } from "./drain-requests.js";
import type { Metrics } from "./metrics.js";
import { assertPortFree, pickPort } from "./pick-port.js";
import { probotOptions } from "./probot-options.js";
import { createRequestLog, PROBOT_ROUTES, withSilentHttpChild } from "./request-log.js";
import { unknownRouteAnswer } from "./route-answers.js";

export type CrashfixServer = {
  url: string;
  port: number;
  metrics: Metrics;
  spool: ReportSpool;
  reportIds: ReportIdLedger;
  flusher: Flusher;
  close(): Promise<void>;
};

export type StartOptions = AppOptions;

// How long close() lets requests in progress finish: a report is spooled
// within milliseconds once its body is in, and a slow body has its own
// deadline (CRASHFIX_BODY_TIMEOUT_MS) after which its client retries.
const IN_FLIGHT_GRACE_MS = 1_000;

// Starts the ingest on Probot's HTTP server: POST /v1/crash and friends via
// addHandler, the webhook endpoint Probot brings, and the flush worker. The
// Probot gets the ingest's Octokit class, so secondary limits are retried.
export async function startCrashfixServer(
  config: CrashfixConfig,
  options: StartOptions = {},
): Promise<CrashfixServer> {
  if (config.port !== 0) await assertPortFree(config.host, config.port);
  const crashfix = await createCrashfixApp(config, options);
  const serverLog = withSilentHttpChild(crashfix.log);
  const notFound = unknownRouteAnswer(crashfix.routes);
  const ProbotWithDefaults = Probot.defaults(probotOptions(config, crashfix.Octokit, serverLog));
  let server: Server | undefined;
  let http: HttpServer | undefined;
  for (let attempt = 0; !http; attempt += 1) {
    const port = config.port === 0 ? await pickPort(config.host) : config.port;
    server = new Server({
      Probot: ProbotWithDefaults as typeof Probot,
      port,
      host: config.host,
      log: serverLog,
      enableStaticFiles: false,
      // Probot's 404 has an empty body; ours names what the ingest serves.
      enableNotFound: false,
    });
    try {
      await server.load(crashfix.appFn);
      // After the app's handlers: only what neither Probot nor the ingest took.
      server.addHandler((_req, res) => {
        notFound(res);
        return true;
      });
      http = await server.start();
    } catch (error: unknown) {
      const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (!inUse || config.port !== 0 || attempt >= 5) {
        await crashfix.close();
        throw error;
      }
    }
  }
  const drain = gateRequests(http);
  const paths = crashfix.routes.map((route) => route.path);
  http.on("request", createRequestLog(crashfix.log, [...paths, ...PROBOT_ROUTES]));
  // Slow clients: Node's own limits back up the body deadline in readBody.
  http.headersTimeout = 10_000;
  http.requestTimeout = config.bodyTimeoutMs + 5_000;
  const running = server as Server;
  return {
    url: `http://${config.host}:${running.port}`,
    port: running.port,
    metrics: crashfix.metrics,
    spool: crashfix.spool,
    reportIds: crashfix.reportIds,
    flusher: crashfix.flusher,
    async close() {
      // Requests in progress get a moment to be answered; any new one gets
      // 503 + Retry-After, not a reset.
      await drain.start(IN_FLIGHT_GRACE_MS);
      // Listening has stopped: Probot's stop() only ends its webhook proxy.
      await running.stop();
      await crashfix.close();
    },
  };
}
