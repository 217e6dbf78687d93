import type { ApplicationFunction } from "probot";
import { readEnvConfig } from "./config/read-env-config.js";
import { createCrashfixApp } from "./server/create-crashfix-app.js";

// For `probot run lib/probot-app/app.js`: the same ingest, configured from the
// environment. Under `probot run`, Probot builds its own Octokit, which only
// logs secondary rate limits; the worker still retries the flush later, but
// the bin (crashfix-server) is the recommended way to run.
const crashfixProbotApp: ApplicationFunction = async (app, options) => {
  const crashfix = await createCrashfixApp(readEnvConfig(process.env), { log: app.log });
  await crashfix.appFn(app, options);
};

export default crashfixProbotApp;
