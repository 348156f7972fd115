# shellcheck shell=bash
# `bench/run handlers`: the two workloads of the ringbuf suite (producer-bound K=1,
# consumer-bound K=64) in one run, against
#   c          the C libbpf reference consumer (eager), the first ratios' reference
#   c-batch    the same C consumer with polytrace's read policy (batching), the vs-c-batch ratios' reference
#   bpftrace   printf of the same four fields to a pipe (K lines per call, unrolled)
#   nohandler  polytrace running the bench's tracer package, --json to /dev/null
#   js         the same with bench/handlers/count_by_comm.js (reads 4 fields, counts by comm)
#   python     the same with bench/handlers/count_by_comm.py
# Ends with one line per variant and mode:
#   RATIO <variant> producer-bound <(C cpu_s per M events) / (variant cpu_s per M events)>  0 when either dropped
#   RATIO <variant> consumer-bound <(variant events/s) / (C events/s)>
#   RATIO <variant> producer-bound vs-c-batch <(c-batch cpu_s per M events) / (variant cpu_s per M events)>
#   RATIO <variant> consumer-bound vs-c-batch <(variant events/s) / (c-batch events/s)>
# A variant that failed its own check has a `failed` row and ratio 0.

BENCH_HANDLER_VARIANTS="bpftrace nohandler js python"

suite_handlers_usage() {
  cat <<'USAGE'
usage: bench/run handlers [--only VARIANTS]
  --only "js python"   run only these variants (of: bpftrace nohandler js python); baseline, c and c-batch always run
  env: BENCH_N_PRODUCER (5000000)  BENCH_N_CONSUMER (200000)
       BENCH_WARM_UP (seconds of `run --warm-up` for the js and python variants, 30; 0 for none)
       BENCH_WAIT_QUIET (seconds to wait for an idle machine before each measurement, 0)
       BENCH_JAVA_HOME  BENCH_MVN_FLAGS
USAGE
}

suite_handlers_main() {
  local variants=$BENCH_HANDLER_VARIANTS n_prod n_cons v mode k n
  while [ $# -gt 0 ]; do
    case $1 in
      --only) variants=$2; shift 2 ;;
      -h|--help) suite_handlers_usage; return 0 ;;
      *) suite_handlers_usage >&2; return 2 ;;
    esac
  done
  n_prod=${BENCH_N_PRODUCER:-5000000}
  n_cons=${BENCH_N_CONSUMER:-200000}

  bench_build_native
  bench_build_java
  bench_build_tracer
  bench_ensure_bpftrace "$variants"
  bench_results_init "$BENCH_TARGET/results/handlers.results"
  bench_check_quiet

  for mode in producer-bound consumer-bound; do
    if [ "$mode" = producer-bound ]; then k=1; n=$n_prod; else k=64; n=$n_cons; fi
    bench_consumer_baseline "$mode" "$k" "$n"
    bench_consumer_c "$mode" "$k" "$n"
    bench_consumer_c_batch "$mode" "$k" "$n"
    for v in $variants; do
      case $v in
        bpftrace) bench_consumer_bpftrace "$mode" "$k" "$n" ;;
        nohandler|js|python) bench_consumer_polytrace "$v" "$mode" "$k" "$n" ;;
        *) bench_die "unknown variant '$v' (variants: $BENCH_HANDLER_VARIANTS)" ;;
      esac
    done
  done

  bench_check_leaks
  echo
  bench_table "$BENCH_RESULTS"
  echo
  for v in $variants; do
    echo "RATIO $v producer-bound $(bench_ratio cpu-per-mev "$BENCH_RESULTS" c "$v" producer-bound)"
    echo "RATIO $v consumer-bound $(bench_ratio events-per-s "$BENCH_RESULTS" "$v" c consumer-bound)"
    echo "RATIO $v producer-bound vs-c-batch $(bench_ratio cpu-per-mev "$BENCH_RESULTS" c-batch "$v" producer-bound)"
    echo "RATIO $v consumer-bound vs-c-batch $(bench_ratio events-per-s "$BENCH_RESULTS" "$v" c-batch consumer-bound)"
  done
}

# bpftrace is a Debian package: installed when missing and we are root on apt.
bench_ensure_bpftrace() {
  case " $1 " in *" bpftrace "*) ;; *) return 0 ;; esac
  command -v bpftrace >/dev/null && return 0
  if command -v apt-get >/dev/null; then
    bench_log "installing bpftrace (apt-get install bpftrace)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q bpftrace >"$BENCH_TARGET/apt-bpftrace.log" 2>&1 ||
      bench_log "could not install bpftrace (see ${BENCH_TARGET#"$BENCH_ROOT"/}/apt-bpftrace.log)"
  fi
}
