# shellcheck shell=bash
# `bench/run daemon`: deploy and hot-swap latency of a warm `polytrace serve`, started through
# the launcher as a user starts it. The bench tracer (ringbuf_bench.bpf.c, built by
# `polytrace build`) is deployed over HTTP without a handler, with a JS and with a Python one;
# events come from a thread of the measuring JVM named ptbench_work. Prints p50/p99/max per
# variant (dev.polytrace.bench.DaemonLatency). Latency has no C or bpftrace peer here: the start
# of a tracer from the command line is compared with bpftrace by the start-up work.

suite_daemon_usage() {
  cat <<'USAGE'
usage: bench/run daemon [--runs N]
  --runs N   measured deploys (and swaps) per variant, after 10 warm-up ones (default 100)
USAGE
}

suite_daemon_main() {
  local runs=100
  while [ $# -gt 0 ]; do
    case $1 in
      --runs) runs=$2; shift 2 ;;
      -h|--help) suite_daemon_usage; return 0 ;;
      *) suite_daemon_usage >&2; return 2 ;;
    esac
  done
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || bench_die "--runs needs a positive number"

  bench_build_native
  bench_build_java
  [ "$BENCH_JAVA_STATUS" = ok ] || bench_die "bench Java side: $BENCH_JAVA_STATUS"
  bench_build_tracer
  [ "$BENCH_TRACER_STATUS" = ok ] || bench_die "bench tracer: $BENCH_TRACER_STATUS"
  bench_check_quiet

  bench_log "measuring deploy and swap latency, $runs runs per variant"
  "$BENCH_JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$BENCH_JAVA_CP" \
    dev.polytrace.bench.DaemonLatency "$BENCH_ROOT/polytrace" "$BENCH_TRACER" "$runs"
  bench_check_leaks
}
