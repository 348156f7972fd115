# shellcheck shell=bash
# `bench/run startup [--runs N] [--cycles N]`: how fast a tracer starts and how much memory it
# holds, against bpftrace, in one run. An exec marker (c/ptbench_mark.c) execs every 20 ms; each
# row is a command started by c/startup_probe.c, which times exec -> first printed line about the
# marker and samples the peak RSS of the command's process tree:
#   bpftrace                 bpftrace -e 'tracepoint:syscalls:sys_enter_execve { printf(...) }'
#   nohandler|js|python      ./polytrace run bench/target/startup_exec.tracer.json --json [--handler ...]
#     standalone             in-process (--standalone where the launcher has it)
#     jdk-no-aot             the same with POLYTRACE_NO_AOT=1: on the JDK, no linked runtime, no AOT cache
#     service                through `polytrace serve --socket` (a thin client), when the launcher
#                            has a local service; otherwise these rows say "skipped: no local service"
# Then the daemon (dev.polytrace.bench.DaemonMemory): idle RSS after start and after CYCLES
# deploy/delete cycles, RSS per deployed JS and Python tracer, warm deploy p50 per language.
# Ends with a table and one RATIO line per row (polytrace / bpftrace, time and RSS) and one
# TARGET line per daemon figure, each with the issue's target and `ok` or `over`.

BENCH_STARTUP_PROBE="$BENCH_TARGET/startup_probe"
BENCH_STARTUP_MARK="$BENCH_TARGET/ptbench_mark"
BENCH_STARTUP_TRACER="$BENCH_TARGET/startup_exec.tracer.json"
BENCH_STARTUP_VARIANTS="nohandler js python"

suite_startup_usage() {
  cat <<'USAGE'
usage: bench/run startup [--runs N] [--cycles N]
  --runs N     measurements per row; the table shows their median (default 3)
  --cycles N   deploy/delete cycles of the daemon part (default 100; 0 skips the daemon part)
  env: BENCH_STARTUP_HOLD_MS (how long each command runs after its first event, 2000)
       BENCH_SERVICE_SOCKET (the local service's socket, /run/polytrace/polytrace.sock)
       BENCH_WAIT_QUIET (seconds to wait for an idle machine before each measurement, 0)
       BENCH_SERVICE_WARM_RUNS (untimed runs per variant through a new service before its row, 10)
USAGE
}

suite_startup_main() {
  local runs=3 cycles=100
  while [ $# -gt 0 ]; do
    case $1 in
      --runs) runs=$2; shift 2 ;;
      --cycles) cycles=$2; shift 2 ;;
      -h|--help) suite_startup_usage; return 0 ;;
      *) suite_startup_usage >&2; return 2 ;;
    esac
  done
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || bench_die "--runs needs a positive number"
  [[ "$cycles" =~ ^[0-9]+$ ]] || bench_die "--cycles needs a number"

  bench_build_startup
  bench_build_java
  [ "$BENCH_JAVA_STATUS" = ok ] || bench_die "bench Java side: $BENCH_JAVA_STATUS"
  bench_ensure_bpftrace bpftrace
  command -v bpftrace >/dev/null || bench_die "bpftrace is needed (apt-get install bpftrace)"
  bench_results_init "$BENCH_TARGET/results/startup.results"
  bench_check_quiet

  bench_start_marker
  bench_startup_warm
  bench_startup_row bpftrace standalone "$runs" bpftrace -B line -e \
    'tracepoint:syscalls:sys_enter_execve { printf("%d %s %s\n", pid, comm, str(args->filename)); }'
  local v
  for v in $BENCH_STARTUP_VARIANTS; do
    bench_startup_row "$v" standalone "$runs" "$BENCH_ROOT/polytrace" run "$BENCH_STARTUP_TRACER" --json \
      $(bench_standalone_flag) $(bench_handler_flag "$v")
  done
  # The same on the JDK itself, without the linked runtime and its AOT cache: what they are worth.
  for v in $BENCH_STARTUP_VARIANTS; do
    bench_startup_row "$v" jdk-no-aot "$runs" env POLYTRACE_NO_AOT=1 "$BENCH_ROOT/polytrace" run \
      "$BENCH_STARTUP_TRACER" --json $(bench_standalone_flag) $(bench_handler_flag "$v")
  done
  bench_startup_service_rows "$runs"
  bench_startup_breakdown
  [ "$cycles" -gt 0 ] && bench_startup_daemon "$cycles"
  bench_stop_marker

  bench_check_leaks
  echo
  bench_startup_table "$BENCH_RESULTS"
  echo
  bench_startup_ratios "$BENCH_RESULTS"
  echo
  cat "$BENCH_STARTUP_BREAKDOWN"
}

# One untimed run per variant (and `serve --help`), after every build: a launcher that finds its
# AOT cache missing or older than a jar (the Java build above may rewrite them) makes it then, in
# a training run of its own, not in a timed row.
bench_startup_warm() {
  local v
  bench_log "one untimed run per variant (the launcher makes any AOT cache it lacks now)"
  for v in $BENCH_STARTUP_VARIANTS; do
    "$BENCH_ROOT/polytrace" run "$BENCH_STARTUP_TRACER" --json --duration 1s $(bench_standalone_flag) \
      $(bench_handler_flag "$v") >/dev/null 2>&1 9>&- || true
  done
  "$BENCH_ROOT/polytrace" serve --help >/dev/null 2>&1 9>&- || true
}

# Where a standalone start's time goes: one more run per variant, untimed in the table, with
# POLYTRACE_STARTUP_TRACE=1 (host/.../system/StartupTrace.java): each step's time since the
# launcher started and the CPU used by then (JIT compiler threads, GC, the rest).
bench_startup_breakdown() {
  local v line
  BENCH_STARTUP_BREAKDOWN="$BENCH_TARGET/results/startup.breakdown"
  echo "Where a standalone start goes (one traced run per variant; ms since the launcher started):" \
    >"$BENCH_STARTUP_BREAKDOWN"
  for v in $BENCH_STARTUP_VARIANTS; do
    bench_logfiles "startup-$v-breakdown" 1
    bench_wait_quiet
    bench_log "$v standalone: one run with POLYTRACE_STARTUP_TRACE=1 (load $(bench_loadavg))"
    bench_spawn "$OUT" "$ERR" env POLYTRACE_STARTUP_TRACE=1 "$BENCH_STARTUP_PROBE" --marker ptbench_mark \
      --hold-ms 500 --timeout-s 120 -- "$BENCH_ROOT/polytrace" run "$BENCH_STARTUP_TRACER" --json \
      $(bench_standalone_flag) $(bench_handler_flag "$v") || true
    line=$(grep '^PROBE ' "$OUT" | tail -n 1)
    {
      echo "$v:"
      grep '^polytrace: startup ' "$ERR" | sed 's/^polytrace: startup /  /' || echo "  (no trace: the launcher has no POLYTRACE_STARTUP_TRACE)"
      echo "  first event printed: ${line:-no PROBE line}"
    } >>"$BENCH_STARTUP_BREAKDOWN"
  done
}

# The probe and the marker (C), and the tracer package (built by `./polytrace build`).
bench_build_startup() {
  command -v gcc >/dev/null || bench_die "gcc not found (apt-get install gcc)"
  mkdir -p "$BENCH_TARGET"
  if bench_stale "$BENCH_STARTUP_PROBE" "$BENCH_DIR/c/startup_probe.c"; then
    bench_log "compiling $BENCH_STARTUP_PROBE"
    gcc -O2 -Wall -Wextra -o "$BENCH_STARTUP_PROBE" "$BENCH_DIR/c/startup_probe.c"
  fi
  if bench_stale "$BENCH_STARTUP_MARK" "$BENCH_DIR/c/ptbench_mark.c"; then
    bench_log "compiling $BENCH_STARTUP_MARK"
    gcc -O2 -Wall -Wextra -o "$BENCH_STARTUP_MARK" "$BENCH_DIR/c/ptbench_mark.c"
  fi
  # The launcher builds the project when it is stale, links its runtime and makes an AOT cache per
  # GC flavour (run, serve) when missing; doing it here keeps all that out of the timings.
  { "$BENCH_ROOT/polytrace" doctor || true; "$BENCH_ROOT/polytrace" serve --help; } >"$BENCH_TARGET/launcher-build.log" 2>&1 ||
    bench_die "./polytrace could not build or start (see ${BENCH_TARGET#"$BENCH_ROOT"/}/launcher-build.log)"
  if bench_stale "$BENCH_STARTUP_TRACER" "$BENCH_DIR/bpf/startup_exec.bpf.c"; then
    bench_log "building $BENCH_STARTUP_TRACER with polytrace build"
    "$BENCH_ROOT/polytrace" build "$BENCH_DIR/bpf/startup_exec.bpf.c" -o "$BENCH_STARTUP_TRACER" \
      >"$BENCH_TARGET/startup-tracer.log" 2>&1 ||
      bench_die "polytrace build failed (see ${BENCH_TARGET#"$BENCH_ROOT"/}/startup-tracer.log)"
  fi
}

bench_start_marker() {
  "$BENCH_STARTUP_MARK" 20 >/dev/null 2>&1 </dev/null 9>&- &
  BENCH_MARK_PID=$!
  BENCH_PIDS+=("$BENCH_MARK_PID")
}

bench_stop_marker() {
  bench_kill_tree "$BENCH_MARK_PID"
  bench_forget_pid "$BENCH_MARK_PID"
}

bench_launcher_has() {            # SUBCOMMAND OPTION: whether `./polytrace SUBCOMMAND --help` lists OPTION
  "$BENCH_ROOT/polytrace" "$1" --help 2>/dev/null | grep -- "$2" >/dev/null # not -q: see pipefail
}

bench_standalone_flag() { bench_launcher_has run --standalone && echo --standalone; return 0; }

bench_handler_flag() {
  case $1 in
    js) echo "--handler $BENCH_DIR/handlers/startup_emit.js" ;;
    python) echo "--handler $BENCH_DIR/handlers/startup_emit.py" ;;
  esac
}

bench_loadavg() { cut -d' ' -f1 /proc/loadavg; }

# bench_startup_row NAME PATH RUNS CMD...: RUNS probes of CMD, one STARTUP (or STATUS) line each.
bench_startup_row() {
  local name=$1 path=$2 runs=$3 i rc line load
  shift 3
  for i in $(seq "$runs"); do
    bench_logfiles "startup-$name-$path" "$i"
    bench_wait_quiet
    load=$(bench_loadavg)
    bench_log "$(printf '%-9s %-10s run %d/%d' "$name" "$path" "$i" "$runs") (load $load)"
    rc=0
    bench_spawn "$OUT" "$ERR" "$BENCH_STARTUP_PROBE" --marker ptbench_mark \
      --hold-ms "${BENCH_STARTUP_HOLD_MS:-2000}" --timeout-s 120 -- "$@" || rc=$?
    line=$(grep '^PROBE ' "$OUT" | tail -n 1)
    if [ "$rc" = 0 ] && [ -n "$line" ]; then
      bench_record_result "STARTUP consumer=$name path=$path run=$i ${line#PROBE } noise=$BENCH_OTHER_CPUS load=$load"
    else
      bench_log "$name/$path run $i failed (exit $rc): ${line:-no PROBE line}; stderr ends:"
      tail -n 5 "$ERR" >&2 || true
      bench_record_result "STARTUP consumer=$name path=$path run=$i failed=exit-$rc load=$load"
    fi
  done
}

# The rows through the local service, when the launcher has one: a `polytrace serve --socket`
# of our own (on BENCH_SERVICE_SOCKET), BENCH_SERVICE_WARM_RUNS untimed runs per variant to warm
# it (the first three logged), then the rows.
bench_startup_service_rows() {
  local runs=$1 v sock=${BENCH_SERVICE_SOCKET:-/run/polytrace/polytrace.sock} client=() state pid i
  if ! bench_launcher_has serve --socket; then
    bench_log "no local service (polytrace serve has no --socket): service rows skipped"
    for v in $BENCH_STARTUP_VARIANTS; do
      bench_record_result "STARTUP consumer=$v path=service run=0 skipped=no-local-service"
    done
    return 0
  fi
  if [ -S "$sock" ] && ss -xl 2>/dev/null | grep -F "$sock" >/dev/null; then
    bench_die "something already listens on $sock; stop it or set BENCH_SERVICE_SOCKET"
  fi
  # The launcher hands `run` to the service on POLYTRACE_SOCKET (or `run --socket`, where it has one).
  client=(env POLYTRACE_SOCKET="$sock" "$BENCH_ROOT/polytrace" run)
  bench_launcher_has run --socket && client+=(--socket "$sock")
  state=$(mktemp -d "$BENCH_TARGET/service.XXXXXX")
  mkdir -p "$(dirname "$sock")"
  "$BENCH_ROOT/polytrace" serve --socket "$sock" --listen "127.0.0.1:$(bench_free_port)" --state-dir "$state" \
    >"$BENCH_LOGS/startup-service.log" 2>&1 </dev/null 9>&- &
  pid=$!
  BENCH_PIDS+=("$pid")
  for i in $(seq 1200); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || bench_die "polytrace serve made no socket at $sock (see ${BENCH_LOGS#"$BENCH_ROOT"/}/startup-service.log)"
  local warm=${BENCH_SERVICE_WARM_RUNS:-10} probe
  for v in $BENCH_STARTUP_VARIANTS; do
    # A new service's JIT compiles the path of a run over its first runs (a Python handler's most
    # of all); the rows measure a service in use, as the daemon's warm deploys are. What its very
    # first runs take is logged, not hidden.
    bench_log "$v through the service: $warm untimed runs to warm the service"
    for i in $(seq "$warm"); do
      probe=$("$BENCH_STARTUP_PROBE" --marker ptbench_mark --hold-ms 500 --timeout-s 120 -- \
        "${client[@]}" "$BENCH_STARTUP_TRACER" --json $(bench_handler_flag "$v") 2>/dev/null 9>&- | grep '^PROBE' || true)
      case $i in 1|2|3|"$warm") bench_log "  warm-up run $i: ${probe#PROBE }" ;; esac
    done
    bench_startup_row "$v" service "$runs" "${client[@]}" "$BENCH_STARTUP_TRACER" --json $(bench_handler_flag "$v")
  done
  bench_kill_tree "$pid"
  bench_forget_pid "$pid"
  rm -rf "$state" # its log is in $BENCH_LOGS
}

bench_free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    ss -Htln "sport = :$port" 2>/dev/null | grep . >/dev/null || { echo "$port"; return 0; }
  done
  bench_die "no free loopback port"
}

# The daemon's memory and warm deploys (dev.polytrace.bench.DaemonMemory), 5 tracers per language.
bench_startup_daemon() {
  local cycles=$1 rc=0 load
  bench_logfiles startup-daemon memory
  bench_wait_quiet
  load=$(bench_loadavg)
  bench_log "daemon: idle RSS, $cycles deploy/delete cycles, RSS per tracer, deploy p50 (load $load)"
  bench_spawn "$OUT" "$ERR" "$BENCH_JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$BENCH_JAVA_CP" dev.polytrace.bench.DaemonMemory "$BENCH_ROOT/polytrace" "$BENCH_STARTUP_TRACER" \
    "$cycles" 5 || rc=$?
  if [ "$rc" != 0 ]; then
    bench_log "daemon part failed its own check (exit $rc); stderr ends:"
    tail -n 5 "$ERR" >&2 || true
    bench_record_result "DAEMON failed=exit-$rc load=$load"
    return 0
  fi
  sed -n "s/^DAEMON \(.*\)/DAEMON \1 noise=$BENCH_OTHER_CPUS load=$load/p" "$OUT" >>"$BENCH_RESULTS"
}

# The table: per row the median first-event time and peak RSS over its runs, the runs' range,
# the processes seen in the tree, noise and load; then the daemon's figures.
bench_startup_table() {
  awk -f "$BENCH_DIR/lib/startup_report.awk" -v part=table "$1"
}

bench_startup_ratios() {
  awk -f "$BENCH_DIR/lib/startup_report.awk" -v part=ratios "$1"
}
