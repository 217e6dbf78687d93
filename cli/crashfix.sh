# crashfix for bash CLIs. Copy this file into your CLI (it is one
# self-contained file; `npx crashfix shell-path` prints where the installed
# one is), then near the top of your script, at the top level (not inside a
# function) and after your own ERR and EXIT traps:
#
#   export CRASHFIX_APP=loki CRASHFIX_VERSION=1.2.3 CRASHFIX_REPO=acme/loki
#   source "${BASH_SOURCE[0]%/*}/crashfix.sh" && crashfix_install
#   CRASHFIX_PHASE=ACT    # optional: tag later failures with the phase
#
# A script installed as an npm bin runs through a symlink, whose folder is
# not the script's: README.md's lines resolve it before the `source`.
#
# A nonzero exit of the script is captured as a scrubbed local report with
# its exit code, a class derived from the status, the phase, and the names
# of the bash functions on the stack; a function defined in a file outside
# the script's folder and this file's (a user's rc file the script sources)
# is `user-code`, its name unread. errtrace is turned on; the script's
# own ERR trap still runs only where it ran without crashfix. The failing
# command's text is never read: it may hold secrets (tokens on command
# lines, URLs with passwords).
# Exit codes 2 and 64 (usage errors) and 129, 130, 141, 143 (SIGHUP, SIGINT,
# SIGPIPE, SIGTERM) are not crashes; CRASHFIX_IGNORE_EXIT_CODES="2 64 ..."
# changes the list. It holds for an exit the script chooses (`exit 2`); a
# failed command's status below 128 that `set -e` passes on (`ls` of a
# missing folder gives 2) is reported. The script's exit status and output are unchanged; a
# report notice is printed on stderr after the script's own output. Where no
# report can be saved (the project's .<app> is a file, or a folder the user
# cannot write in), the notice is one line that says why and names
# `crash doctor`, as a Node host's is; the status is still the script's.
#
# A successful run starts no process on Linux: the check for a first run
# and for queued reports, and reading the host's traps, are done in bash
# (elsewhere reading the traps forks the shell once). Node starts only on
# a failure, on the first run (the notice), and in the background when
# reports are queued.
# It needs the `crashfix` command then, found as: $CRASHFIX_BIN (the
# command, or its .js file), else node_modules/crashfix/dist/bin/crashfix.js
# in this file's folder or any folder above it, else `crashfix` on PATH.

_crashfix_here="${BASH_SOURCE[0]%/*}"
# A queued report's name (cli/store/report-name.ts): any other .json in the
# outbox (a cloned repository's) would start a send at every run.
_crashfix_hex8='[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
_crashfix_d4='[0-9][0-9][0-9][0-9]'
_crashfix_report_glob="$_crashfix_hex8$_crashfix_hex8-$_crashfix_d4$_crashfix_d4"
_crashfix_report_glob+="T$_crashfix_d4[0-9][0-9]Z-$_crashfix_hex8.json"
unset _crashfix_hex8 _crashfix_d4
if [[ "$_crashfix_here" == "${BASH_SOURCE[0]}" ]]; then _crashfix_here=.; fi
# Inside a function (crashfix_install), bash shows the caller's ERR trap
# only when errtrace was on as the function was called; it also lets the
# script's functions inherit the ERR trap, which the report needs. Whether
# the script had it on itself decides where its own ERR trap still runs.
if [[ $- == *E* ]]; then _crashfix_host_errtrace=1; else _crashfix_host_errtrace=""; fi
set -o errtrace

_crashfix_find_bin() {
  if [[ -n "${CRASHFIX_BIN:-}" ]]; then
    printf '%s\n' "$CRASHFIX_BIN"
    return 0
  fi
  local dir
  dir="$(cd "$_crashfix_here" && pwd -P)" || return 1
  # This file inside the crashfix package itself.
  if [[ -f "$dir/dist/bin/crashfix.js" ]]; then
    printf '%s\n' "$dir/dist/bin/crashfix.js"
    return 0
  fi
  while :; do
    if [[ -f "$dir/node_modules/crashfix/dist/bin/crashfix.js" ]]; then
      printf '%s\n' "$dir/node_modules/crashfix/dist/bin/crashfix.js"
      return 0
    fi
    if [[ -z "$dir" || "$dir" == "/" ]]; then break; fi
    dir="${dir%/*}"
  done
  command -v crashfix
}

# Finds the crashfix command once per run, in the script's own shell, so a
# missing one is said once. Callers test it (`|| ...`): a bare failing call
# would set off the script's ERR trap.
_crashfix_resolve_bin() {
  if [[ -n "${_crashfix_bin:-}" ]]; then return 0; fi
  if [[ -n "${_crashfix_bin_missing:-}" ]]; then return 127; fi
  if _crashfix_bin="$(_crashfix_find_bin)"; then return 0; fi
  _crashfix_bin=""
  _crashfix_bin_missing=1
  echo "crashfix.sh: cannot find the crashfix command: install the crashfix package beside your CLI or set CRASHFIX_BIN" >&2
  return 127
}

_crashfix_cli() {
  _crashfix_resolve_bin || return 127
  if [[ "$_crashfix_bin" == *.js ]]; then node "$_crashfix_bin" "$@"; else "$_crashfix_bin" "$@"; fi
}

# Status -> class, as shells define them (bash manual, "Exit Status").
_crashfix_class() {
  case "$1" in
    126) echo CommandNotExecutable ;;
    127) echo CommandNotFound ;;
    *) if (($1 > 128)); then echo KilledBySignal; else echo NonZeroExit; fi ;;
  esac
}

# True when the frames given are all the script's top-level code: bash's
# `main` and `source` (a sourced file), no function. (A loop, not =~, which
# would overwrite the script's BASH_REMATCH.)
_crashfix_top_level() {
  local frame
  for frame in "$@"; do
    if [[ "$frame" != main && "$frame" != source ]]; then return 1; fi
  done
  return 0
}

# Sets _crashfix_path to $1 with its `.` and `..` parts resolved by text:
# bash keeps a sourced file's path as the script wrote it, and
# `tool/bin/../../../rc.sh` starts with the tool's folder but is not in it.
# (Indexes counted, not -1: bash 3.2, macOS's, has no negative index.)
_crashfix_normal_path() {
  _crashfix_path="$1"
  [[ "$1" == */./* || "$1" == */../* || "$1" == */. || "$1" == */.. || "$1" == ./* || "$1" == ../* ]] || return 0
  local rest="$1" part kept=() last
  while [[ -n "$rest" ]]; do
    part="${rest%%/*}"
    if [[ "$rest" == */* ]]; then rest="${rest#*/}"; else rest=""; fi
    last=$((${#kept[@]} - 1))
    case "$part" in
      "" | .) ;;
      ..)
        if ((last >= 0)) && [[ "${kept[last]}" != .. ]]; then
          unset "kept[last]"
        elif [[ "$1" != /* ]]; then
          kept+=(..)
        fi
        ;;
      *) kept+=("$part") ;;
    esac
  done
  local IFS=/
  _crashfix_path="${kept[*]-}"
  if [[ "$1" == /* ]]; then _crashfix_path="/$_crashfix_path"; fi
}

# The folders whose files are the tool's own, as the script names them and
# as absolute paths, set by crashfix_install: the main script's and this
# file's (which the maintainer copied beside the script). A folder that is
# the home folder or above it (a script kept in ~ itself) is left out: the
# user's own files would count as the tool's.
_crashfix_tool_dirs=()
_crashfix_add_tool_dir() {
  local dir="$1"
  if [[ "$dir" != /* ]]; then dir="$PWD/${dir#./}"; fi
  _crashfix_normal_path "$dir"
  dir="${_crashfix_path%/}"
  # Empty: the root folder.
  if [[ -z "$dir" || "$dir" == "${HOME:-}" || "${HOME:-}" == "$dir"/* ]]; then return 0; fi
  _crashfix_tool_dirs+=("$dir")
  # The folder as the script names it too (`bin/lib.sh`), but not `.`: after
  # a `cd`, `./x` is a file of wherever the script went.
  _crashfix_normal_path "$1"
  local given="${_crashfix_path%/}"
  if [[ "$1" != /* && -n "$given" && "$given" != . && "$given" != ../* && "$given" != .. ]]; then
    _crashfix_tool_dirs+=("$given" "./$given")
  fi
}

# True when a function's file (bash's BASH_SOURCE for it) is the tool's:
# the main script, a file in the tool's folders, or published code under
# node_modules (not in a folder there whose name starts with a dot, such as
# a cache of the user's files, as the scrubber reads a Node frame). Any
# other file is the user's (a sourced rc file, a plugin): its functions are
# named `user-code`, as a Node host's user code is.
_crashfix_tool_file() {
  if [[ "$1" == "$_crashfix_main" ]]; then return 0; fi
  _crashfix_normal_path "$1"
  local file="$_crashfix_path" dir
  if [[ "$file" == */node_modules/* && "${file##*/node_modules/}" != .* ]]; then return 0; fi
  for dir in ${_crashfix_tool_dirs[@]+"${_crashfix_tool_dirs[@]}"}; do
    if [[ "$file" == "$dir"/* ]]; then return 0; fi
  done
  return 1
}

# Sets _crashfix_sent to the names of the functions on the stack of the
# trap that calls this, comma-separated, each function of the user's own
# files as `user-code`.
_crashfix_sent_frames() {
  local i name
  _crashfix_sent=""
  for ((i = 2; i < ${#FUNCNAME[@]}; i++)); do
    name="${FUNCNAME[i]}"
    _crashfix_tool_file "${BASH_SOURCE[i]}" || name=user-code
    _crashfix_sent+="${_crashfix_sent:+,}$name"
  done
}

# ERR fires for every failing command, including ones the script handles,
# so it only remembers where the last failure was; EXIT decides. A failure
# propagating outwards (the same status, fired next at the line that called
# the function it was in) keeps the innermost, most telling frames; any
# other failure starts a new record, so a failure a function handled does
# not lend its frames to a later one. A failure in
# top-level code has no function name, only bash's `main` (the script) or
# `source` (a sourced file), which every such failure shares: that frame
# carries its line (`main:42`), so two of them are two fingerprints. The
# line changes when the script does; a function's name does not, so named
# frames carry none. It returns the status it was given, so a host's ERR
# trap chained after it sees `$?` unchanged.
#
# The host's own ERR trap, where it has one, runs after this (the trap
# evals _crashfix_host_err) only where it would have run without crashfix:
# everywhere if the script turned errtrace on itself, else in the script's
# top-level code (sourced files included) of its own shell. Otherwise it
# would now run inside functions and command substitutions, printing into
# output the script captures, and twice for one failure.
_crashfix_on_err() {
  local status=$1 IFS=,
  local frames="${FUNCNAME[*]:1}" top=""
  if [[ "$BASH_SUBSHELL" == "$_crashfix_subshell" ]] && _crashfix_top_level "${FUNCNAME[@]:1}"; then
    top=1
  fi
  _crashfix_host_err=$_crashfix_err_trap
  if [[ -z "$_crashfix_host_errtrace" && -z "$top" ]]; then _crashfix_host_err=""; fi
  # Places as subshell;functions;lines. BASH_LINENO[0] is the failing line,
  # each later one the line that called the function before it, so a
  # function call is told from another call of the same function.
  local here="$BASH_SUBSHELL;$frames;${BASH_LINENO[*]}"
  # The call of the function it happened in (see _crashfix_on_exit).
  _crashfix_err_call="$BASH_SUBSHELL;$frames;${BASH_LINENO[*]:1}"
  if [[ "$status" != "${_crashfix_err_status:-}" || "$here" != "${_crashfix_err_returns_to:-}" ]]; then
    _crashfix_err_status=$status
    _crashfix_sent_frames
    case "$_crashfix_sent" in
      main | main,* | source | source,*) _crashfix_sent="${FUNCNAME[1]}:${BASH_LINENO[0]}${_crashfix_sent#"${FUNCNAME[1]}"}" ;;
    esac
    _crashfix_err_frames=$_crashfix_sent
  fi
  # Where this failure fires next if the function returns it.
  _crashfix_err_returns_to="$BASH_SUBSHELL;${FUNCNAME[*]:2};${BASH_LINENO[*]:1}"
  # Under `set -e` ERR fires only where errexit then ends the shell (bash
  # manual, "The Set Builtin"): this status is a failed command's, which
  # the exit passes on, not one the script chose with `exit`.
  if [[ $- == *e* ]]; then _crashfix_err_exits="$BASH_SUBSHELL;$status"; fi
  return "$status"
}

_crashfix_on_exit() {
  local status=$1 ignored=" ${CRASHFIX_IGNORE_EXIT_CODES:-2 64 129 130 141 143} "
  # The list is of statuses the script exits with itself (`exit 2` for a
  # usage error). A failed command's status that `set -e` passed on is a
  # failure whatever its number (`ls /nonexistent-dir` gives 2), unless a
  # signal ended that command (above 128: an interrupt is no crash).
  if ((status < 128)) && [[ "${_crashfix_err_exits:-}" == "$BASH_SUBSHELL;$status" ]]; then
    ignored=" "
  fi
  if [[ "$status" == "${_crashfix_command_status:-}" ]]; then ignored+="$status "; fi
  if ((status != 0)) && [[ "$ignored" != *" $status "* ]]; then
    local frames="" saved_ifs="$IFS" call
    IFS=,
    call="$BASH_SUBSHELL;${FUNCNAME[*]:1};${BASH_LINENO[*]:1}"
    # The latest failure signs the exit when it reached the call of the
    # function that exits (or the top-level code): `set -e` ending there,
    # `f; exit $?`, a script that turns the failure into its own exit code
    # (bash gives the EXIT trap no line of its own, so the failure's line
    # tells such exits apart). A failure that a function, or its caller,
    # went on from did not reach it, and would sign an unrelated exit.
    if [[ -n "${_crashfix_err_call:-}" && "$call" == "$_crashfix_err_call" ]]; then
      frames="${_crashfix_err_frames:-}"
    else
      # No ERR record here (a failure inside `||`/`&&` or `if` does not
      # fire ERR): the functions that called `exit` are the best clue left.
      # In top-level code there are none, and bash gives the EXIT trap no
      # line: no frames, so the report is signed by its exit code
      # (`exit:5`) rather than a `main` that every such exit shares.
      _crashfix_sent_frames
      frames="$_crashfix_sent"
      if _crashfix_top_level "${FUNCNAME[@]:1}"; then frames=""; fi
    fi
    IFS="$saved_ifs"
    # As the script set it: the scrubber removes a home path or user name
    # in it before folding it to a name (folding here would hide them).
    local phase="${CRASHFIX_PHASE:-}"
    phase="${phase//[[:cntrl:]]/}"
    phase="${phase:0:200}"
    local code=$((status > 255 ? 255 : status))
    local args=(capture --app "$CRASHFIX_APP" --exit-code "$code" --class "$(_crashfix_class "$status")"
      --bash-version "$BASH_VERSION")
    if [[ -n "$phase" ]]; then args+=(--phase "$phase"); fi
    if [[ -n "$frames" ]]; then args+=(--frames "$frames"); fi
    _crashfix_cli "${args[@]}" </dev/null >/dev/null || true
  fi
  # A script of the first run leaves it, and the last one out removes the
  # folder: else the next start would find it and start `crashfix` to look.
  if [[ -n "${_crashfix_first_run_file:-}" ]]; then
    command rm -f "$_crashfix_first_run_file" 2>/dev/null || :
    command rmdir "${_crashfix_first_run_file%/*}" 2>/dev/null || :
  fi
  return "$status"
}

# True when ~/.<app>/config records that the notice this run owes was shown
# (read in bash: a successful run starts no process). DISCLOSURE_SHOWN=local
# is the no-endpoint notice, enough while CRASHFIX_ENDPOINT is unset; =off
# records only the notice that collection is off: it is enough while an
# opt-out that bash can see plainly still holds; otherwise `crashfix start`
# decides, and shows the full notice once collection is on.
_crashfix_notice_recorded() {
  local line off_shown="" opted_out=""
  [[ -r "$1" ]] || return 1
  while IFS= read -r line || [[ -n "$line" ]]; do
    case "$line" in
      DISCLOSURE_SHOWN=true) return 0 ;;
      # The no-endpoint notice: enough while the host still sends nowhere.
      DISCLOSURE_SHOWN=local) [[ -z "${CRASHFIX_ENDPOINT:-}" ]] && return 0 ;;
      DISCLOSURE_SHOWN=off) off_shown=1 ;;
      TELEMETRY_DISABLED=true | TELEMETRY_DISABLED=1) opted_out=1 ;;
    esac
  done <"$1"
  [[ -n "$off_shown" ]] || return 1
  [[ -n "$opted_out" ]] && return 0
  _crashfix_env_opted_out
}

# True when a variable bash can read plainly turns collection off:
# DO_NOT_TRACK, <PREFIX>_TELEMETRY or <PREFIX>_TELEMETRY_DISABLED.
_crashfix_env_opted_out() {
  if [[ -n "${DO_NOT_TRACK:-}" && "$DO_NOT_TRACK" != "0" ]]; then return 0; fi
  local prefix="${CRASHFIX_ENV_PREFIX:-}" telemetry="" disabled=""
  if [[ -z "$prefix" ]]; then
    # The app id upper-cased, dashes to `_`, with builtins (tr would fork).
    # Every run without a notice to show asks this; bash 3.2, which has no
    # ${x^^} (and cannot parse it, hence the eval), replaces letter by letter.
    prefix="$CRASHFIX_APP"
    if ((BASH_VERSINFO[0] >= 4)); then
      eval 'prefix="${prefix^^}"'
    else
      local lowers=abcdefghijklmnopqrstuvwxyz uppers=ABCDEFGHIJKLMNOPQRSTUVWXYZ i
      for ((i = 0; i < 26; i++)); do prefix="${prefix//${lowers:i:1}/${uppers:i:1}}"; done
    fi
    prefix="${prefix//-/_}"
  fi
  [[ "$prefix" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || return 1
  telemetry="${prefix}_TELEMETRY" disabled="${prefix}_TELEMETRY_DISABLED"
  case "${!telemetry:-}" in off | 0 | false | no) return 0 ;; esac
  case "${!disabled:-}" in true | 1) return 0 ;; esac
  return 1
}

# Sets _crashfix_traps to what `trap -p ERR EXIT` prints. It only prints,
# and a command substitution forks the shell: 3-4 ms per run on the build
# machine, most of the bash route's budget. On Linux it prints into a pipe
# of this shell's own instead (a here-string's, reopened for writing through
# /proc/self/fd), with builtins alone: a file shared in the state folder
# would spare the fork too, but two runs at once read each other's
# half-written traps from it. Elsewhere (macOS, bash before 4.1, which
# lacks {fd}) it forks.
_crashfix_traps_by_fork() {
  _crashfix_traps="$(trap -p ERR EXIT)"
}
if ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 1))) && [[ -d /proc/self/fd ]]; then
  # In eval: bash 3.2 cannot parse {fd}. The unit separator ends what was
  # written, so the read never waits for the pipe to close.
  eval '_crashfix_read_trap_text() {
    local fd pipe
    exec {fd}<<<""
    pipe="/proc/self/fd/$fd"
    if trap -p ERR EXIT 2>/dev/null >>"$pipe" && printf "\037" >>"$pipe" &&
      IFS= read -r -d $'"'"'\037'"'"' _crashfix_traps <&"$fd"; then
      exec {fd}<&-
    else
      exec {fd}<&-
      _crashfix_traps_by_fork
    fi
  }'
else
  _crashfix_read_trap_text() { _crashfix_traps_by_fork; }
fi

# Sets _crashfix_err_trap and _crashfix_exit_trap to the commands of the
# host's ERR and EXIT traps, or nothing. trap -p prints shell input that
# sets the traps again: evaluated with `trap` shadowed by a function, it
# hands over each command as bash parsed it.
_crashfix_read_traps() {
  _crashfix_err_trap="" _crashfix_exit_trap=""
  local saved=""
  _crashfix_read_trap_text
  if [[ -z "${_crashfix_traps//[[:space:]]/}" ]]; then return 0; fi
  # A script's own function named trap is put back afterwards (this forks; rare).
  if declare -F trap >/dev/null; then saved="$(declare -f trap)"; fi
  trap() {
    case "${3:-}" in
      ERR) _crashfix_err_trap=$2 ;;
      EXIT) _crashfix_exit_trap=$2 ;;
    esac
  }
  eval "$_crashfix_traps"
  unset -f trap
  unset _crashfix_traps
  if [[ -n "$saved" ]]; then eval "$saved"; fi
}

# Runs one crashfix command for this app (`crashfix_command crash show <id>`),
# for a script that mounts `crash` and `telemetry` as its own commands. Its
# exit status is crashfix's answer to the user (a report not found, an
# ingest offline), so a script that exits with it is not reported as a crash.
crashfix_command() {
  # CRASHFIX_MOUNTED: the help names the commands as the script's users run
  # them. Local, so it is gone when this returns (a `VAR=1 function` form
  # stays set in POSIX mode).
  local status=0 CRASHFIX_MOUNTED=1
  export CRASHFIX_MOUNTED
  _crashfix_cli --app "$CRASHFIX_APP" "$@" || status=$?
  _crashfix_command_status=$status
  return "$status"
}

crashfix_install() {
  if [[ -z "${CRASHFIX_APP:-}" ]]; then
    echo "crashfix.sh: set CRASHFIX_APP (and CRASHFIX_VERSION, CRASHFIX_REPO) before crashfix_install" >&2
    return 2
  fi
  # bash has one trap per signal: run ours first, then the host's own, with
  # `$?` still the failing status (`&& :` keeps `set -e` from ending the
  # trap early on it).
  local state="${CRASHFIX_STATE_DIR:-$HOME/.$CRASHFIX_APP}"
  _crashfix_subshell=$BASH_SUBSHELL
  # The script bash runs: the last file on the stack of this call.
  _crashfix_main="${BASH_SOURCE[${#BASH_SOURCE[@]} - 1]}"
  _crashfix_tool_dirs=()
  # A script run through a link (~/bin/tool, pointing at the tool's file):
  # the link's folder holds the user's files, not the tool's; this file's
  # folder, found through the link (README.md's lines), stands for the tool's.
  if [[ ! -L "$_crashfix_main" ]]; then
    case "$_crashfix_main" in
      /*/* | */*) _crashfix_add_tool_dir "${_crashfix_main%/*}" ;;
      /*) ;; # a script in the root folder: only itself is the tool's
      *) _crashfix_add_tool_dir . ;;
    esac
  fi
  _crashfix_add_tool_dir "$_crashfix_here"
  _crashfix_read_traps
  # eval keeps `$?` and `$LINENO` for the host's trap, as running it inline does.
  trap "_crashfix_on_err \$? && :${_crashfix_err_trap:+; eval \"\$_crashfix_host_err\"}" ERR
  trap "_crashfix_on_exit \$? && :${_crashfix_exit_trap:+; $_crashfix_exit_trap}" EXIT

  # In CI the notice is not shown and nothing is sent unless asked for
  # (docs/PRIVACY.md). (A pattern rather than ${ci,,}: macOS ships bash 3.2.)
  local ci="${CI:-}"
  if [[ -n "$ci" && "$ci" != "0" && "$ci" != [Ff][Aa][Ll][Ss][Ee] ]]; then
    return 0
  fi
  local outbox="${CRASHFIX_PROJECT_DIR:-.$CRASHFIX_APP}/crash/outbox"
  if [[ ",${CRASHFIX_FIRST_RUN:-}," == *",$CRASHFIX_APP,"* || -d "$state/first-run" ]] ||
    ! _crashfix_notice_recorded "$state/config"; then
    # The first run: the notice, and this script joins the first run, so
    # nothing is sent until it and what it starts have ended. The folder
    # exists only while a first run lasts: a script started then joins it
    # too, though the notice is recorded. `start` prints the variables the
    # script's children must inherit.
    _crashfix_resolve_bin || return 0
    local line
    while IFS= read -r line; do
      if [[ "$line" =~ ^[A-Z][A-Z0-9_]*=[A-Za-z0-9_.,-]*$ ]]; then export "$line"; fi
    done < <(_crashfix_cli start --app "$CRASHFIX_APP" --pid "$$" </dev/null || :)
    if [[ -e "$state/first-run/$$" ]]; then _crashfix_first_run_file="$state/first-run/$$"; fi
  elif compgen -G "$outbox/$_crashfix_report_glob" >/dev/null; then
    ({ _crashfix_cli start --app "$CRASHFIX_APP" </dev/null >/dev/null 2>&1 || :; } &)
  elif _crashfix_env_opted_out; then
    # A variable leaves nothing behind once it is gone: the start's time on
    # this empty file keeps what was queued before it from being sent then,
    # as `crashfix start` does (outbox/queued-before-opt-out.ts). In a
    # condition, so a state folder that cannot take it trips no ERR trap.
    if [[ -e "$state/config" ]] && { : >"$state/opt-out-seen"; } 2>/dev/null; then :; fi
  fi
}
