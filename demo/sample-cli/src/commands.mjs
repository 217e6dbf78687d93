// The commands of `tally`. Besides `avg`, three of them fail the ways real
// CLIs fail, with secrets in their messages, so the demo can show the scrubber.
import { readFile } from "node:fs/promises";
import { formatMean, parseNumbers } from "./stats.mjs";

export async function runAvg(words) {
  return formatMean(parseNumbers(words));
}

export async function loadProfile(path) {
  // ENOENT: a system error whose message names a path under the user's home.
  return JSON.parse(await readFile(path, "utf8"));
}

export async function syncWithProvider(apiKey) {
  // A provider call that fails; the message carries the key and a URL with
  // credentials, as careless error messages do.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const error = new Error(
    `provider refused key ${apiKey} at https://demo:hunter2@api.example.test/v1/sync?token=${apiKey}`,
  );
  error.name = "ProviderError";
  throw error;
}
