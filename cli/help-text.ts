export function helpText(command: string): string {
  return `Usage: ${command} [--app <id> | --config <file>] <command> [options]

Commands:
  crash                      list local crash reports (id, when, class, top frame, status)
  crash show <id>            print a report exactly as it would be sent
  crash submit [<id>|--all]  send reports now; without an endpoint, or with
                             collection off, print the payload and a prefilled
                             GitHub issue link to file it by hand
  telemetry on|off|status    turn collection on or off, or show why it is on/off
  doctor                     one line: collection state and pending reports
  capture [options]          record a failure from a shell script:
      --exit-code <1-255>  --class <Name>  --phase <PHASE>
      --frames <f1,f2,...> (function names only)  --friction <kind>

Options:
  --app <id>        act for this app (state in ~/.<id>, reports in ./.<id>)
  --config <file>   JSON file with the app's crashfix config
  --json            machine-readable output
  -h, --help        this help

Environment: CRASHFIX_APP, CRASHFIX_VERSION, CRASHFIX_REPO, CRASHFIX_ENDPOINT
stand in for --app/--config; <APP>_TELEMETRY=off, <APP>_TELEMETRY_DISABLED=true
and DO_NOT_TRACK=1 turn collection off; NO_COLOR disables colour.

Exit codes: 0 ok, 1 failed, 2 usage, 3 configuration, 4 report not found,
5 corrupt report.
`;
}
