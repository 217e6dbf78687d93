/**
 * What a host gives `createCrashReporter` (and `runCrashfixCommand`). The
 * rules for each key live in config-schema.ts; the compiler holds the two
 * together. This type is written out because it is the page a host author
 * reads in their editor.
 */
export type CrashReporterConfig = {
  /** Lower-case id of the host tool, e.g. `loki-mode`. Names `~/.<app>` and `./.<app>`. */
  app: string;
  /** The host's version, e.g. `1.4.2`. */
  version: string;
  /** The public `owner/name` repository: the notice names it, and hand-filed issues go there. */
  repo: string;
  /** Name in the notice and messages. Default: `app`. */
  displayName?: string | undefined;
  /**
   * The crashfix ingest, e.g. `https://crash.example.com`; reports go to
   * `POST <endpoint>/v1/crash`. https only (http for 127.0.0.1 and
   * localhost). Without it nothing is ever sent: reports stay on the machine.
   */
  endpoint?: string | undefined;
  /**
   * Your published privacy page (start from crashfix's PRIVACY-TEMPLATE.md).
   * Required with `endpoint`: the first-run notice links it before anything
   * leaves the machine.
   */
  privacyUrl?: string | undefined;
  /**
   * True when your repository runs crashfix's auto-fix workflow: only then
   * does the first-run notice say the host tries to auto-resolve the
   * crashes it reports. Default: false.
   */
  autoFix?: boolean | undefined;
  /**
   * How users run crashfix's commands for this host, once the host mounts
   * them with `runCrashfixCommand` (e.g. `loki`, giving `loki crash show <id>`).
   * Default: the installed `crashfix` command by its path (`node
   * /…/crashfix/dist/bin/crashfix.js --app <app>`), which works without mounting.
   */
  command?: string | undefined;
  /** User-wide state (opt-out, notice record). Default: `~/.<app>`. */
  stateDir?: string | undefined;
  /** This project's reports. Default: `.<app>` in the working directory. */
  projectDir?: string | undefined;
  /** Prefix of `<PREFIX>_TELEMETRY`. Default: `app` upper-cased (`loki-mode` -> `LOKI_MODE`). */
  envPrefix?: string | undefined;
  /** Extra context for the scrubber; the git origin's `owner/name` is added automatically. */
  redaction?:
    | {
        /** Default: the user's home directory. */
        home?: string | undefined;
        repoRoot?: string | undefined;
        repoNames?: string[] | undefined;
      }
    | undefined;
};
