# crashfix for bash CLIs. Source it, then call crashfix_install:
#
#   export CRASHFIX_APP=loki CRASHFIX_VERSION=1.2.3 CRASHFIX_REPO=acme/loki
#   source /path/to/crashfix/cli/crashfix.sh
#   crashfix_install
#   CRASHFIX_PHASE=ACT    # optional: tag later failures with the phase
#
# A nonzero exit of the script is captured as a scrubbed local report with
# its exit code, a class derived from the status, the phase, and the names
# of the bash functions on the stack. The failing command's text is never
# read: it may hold secrets (tokens on command lines, URLs with passwords).
# Exit codes 129, 130 and 143 (SIGHUP, SIGINT, SIGTERM) are not crashes.
# The script's exit status and output are unchanged; a report notice is
# printed on stderr after the script's own output.

_crashfix_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

_crashfix_cli() {
  if [[ "${CRASHFIX_BIN:-}" == *.js ]]; then
    node "$CRASHFIX_BIN" "$@"
  elif [[ -n "${CRASHFIX_BIN:-}" ]]; then
    "$CRASHFIX_BIN" "$@"
  elif [[ -f "$_crashfix_here/../lib/cli/bin/crashfix.js" ]]; then
    node "$_crashfix_here/../lib/cli/bin/crashfix.js" "$@"
  else
    crashfix "$@"
  fi
}

# Call crashfix_install after setting your own EXIT trap: bash has one EXIT
# trap, and crashfix_install chains the existing one.

# Status -> class, as shells define them (bash manual, "Exit Status").
_crashfix_class() {
  case "$1" in
    126) echo CommandNotExecutable ;;
    127) echo CommandNotFound ;;
    *) if (( $1 > 128 )); then echo KilledBySignal; else echo NonZeroExit; fi ;;
  esac
}

# ERR fires for every failing command, including ones the script handles,
# so it only remembers where the last failure was; EXIT decides.
# A failure propagating outwards (same status, a shorter stack that is the
# tail of the recorded one) keeps the innermost, most telling frames.
_crashfix_on_err() {
  local status=$1 IFS=,
  local frames="${FUNCNAME[*]:1}"
  if [[ "$status" == "${_crashfix_err_status:-}" && ",${_crashfix_err_frames:-}" == *",$frames" ]]; then
    return 0
  fi
  _crashfix_err_status=$status
  _crashfix_err_frames=$frames
}

_crashfix_on_exit() {
  local status=$1
  if (( status != 0 && status != 129 && status != 130 && status != 143 )); then
    local frames="" saved_ifs="$IFS"
    if [[ "${_crashfix_err_status:-}" == "$status" ]]; then
      frames="${_crashfix_err_frames:-}"
    else
      # No ERR record (a failure inside `||`/`&&` or `if` does not fire ERR):
      # the functions that called `exit` are the best clue left.
      IFS=,
      frames="${FUNCNAME[*]:1}"
      IFS="$saved_ifs"
    fi
    local phase="${CRASHFIX_PHASE:-}"
    phase="${phase//[^A-Za-z0-9_.:-]/}"
    phase="${phase:0:40}"
    local code=$(( status > 255 ? 255 : status ))
    local args=(capture --app "$CRASHFIX_APP" --exit-code "$code" --class "$(_crashfix_class "$status")")
    if [[ -n "$phase" ]]; then args+=(--phase "$phase"); fi
    if [[ -n "$frames" ]]; then args+=(--frames "$frames"); fi
    _crashfix_cli "${args[@]}" </dev/null >/dev/null || true
  fi
  if [[ -n "${_crashfix_prev_exit:-}" ]]; then eval "$_crashfix_prev_exit"; fi
  exit "$status"
}

crashfix_install() {
  if [[ -z "${CRASHFIX_APP:-}" ]]; then
    echo "crashfix.sh: set CRASHFIX_APP (and CRASHFIX_VERSION, CRASHFIX_REPO) before crashfix_install" >&2
    return 2
  fi
  # Keep a host's own EXIT trap and run it after ours.
  local existing
  existing="$(trap -p EXIT)"
  if [[ -n "$existing" ]]; then
    eval "set -- $existing"
    _crashfix_prev_exit="$3"
  fi
  set -o errtrace
  trap '_crashfix_on_err $?' ERR
  trap '_crashfix_on_exit $?' EXIT

  # First run: the Node side shows the disclosure once and records it. Later
  # runs with queued reports start the detached background flush. Both are
  # skipped cheaply (no Node start) when there is nothing to do.
  local state="${CRASHFIX_STATE_DIR:-$HOME/.$CRASHFIX_APP}"
  local outbox="${CRASHFIX_PROJECT_DIR:-.$CRASHFIX_APP}/crash/outbox"
  # In CI the notice is not shown and nothing is sent (docs/PRIVACY.md), so
  # a CI run does not pay for starting Node when nothing has failed.
  local ci="${CI:-}"
  # (A pattern rather than ${ci,,}: macOS still ships bash 3.2.)
  if [[ -n "$ci" && "$ci" != "0" && "$ci" != [Ff][Aa][Ll][Ss][Ee] ]]; then
    return 0
  fi
  if ! grep -qs '^DISCLOSURE_SHOWN=true' "$state/config"; then
    _crashfix_cli start --app "$CRASHFIX_APP" </dev/null >/dev/null || true
  elif compgen -G "$outbox/*.json" >/dev/null; then
    (_crashfix_cli start --app "$CRASHFIX_APP" </dev/null >/dev/null 2>&1 &)
  fi
}
