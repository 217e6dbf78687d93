#!/usr/bin/env bash
# A loki-mode-style CLI, bash route, wired to crashfix in two lines.
# Run: examples/loki-style/loki.sh run [fail-in PHASE] | crash | telemetry status | doctor
set -euo pipefail

export CRASHFIX_APP=loki CRASHFIX_VERSION=1.4.2 CRASHFIX_REPO=asklokesh/loki-mode \
  CRASHFIX_DISPLAY_NAME="Loki Mode" CRASHFIX_COMMAND=loki.sh

# 1. and 2.: source the helper and install the ERR/EXIT traps. In your own
# CLI, copy crashfix.sh beside your script (`npx crashfix shell-path` says
# where the installed one is) and source it from there.
source "${BASH_SOURCE[0]%/*}/../../cli/crashfix.sh" && crashfix_install

# The host's own `crash`, `telemetry` and `doctor` are crashfix's commands;
# their exit status is not a crash of the host.
case "${1:-}" in
  crash | telemetry | doctor) crashfix_command "$@"; exit $? ;;
esac

run_phase() {
  CRASHFIX_PHASE="$1"
  if [[ "${FAIL_IN:-}" == "$1" ]]; then
    load_plan "/nonexistent/plan-for-$1.md" # the path is never reported
  fi
  echo "$1 done"
}

load_plan() { cat "$1" >/dev/null 2>&1; }

if [[ "${1:-}" == "run" ]]; then
  if [[ "${2:-}" == "fail-in" ]]; then FAIL_IN="${3:-}"; fi
  for phase in REASON ACT REVIEW VERIFY CLOSE; do
    run_phase "$phase"
  done
  exit 0
fi
echo "usage: loki.sh run [fail-in PHASE] | crash | telemetry | doctor" >&2
exit 2
