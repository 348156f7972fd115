# shellcheck shell=bash
# `bench/run ringbuf [--with-bpftrace]`: one BPF producer (bench/bpf/ringbuf_bench.bpf.c),
# several consumers of its ring buffer, two modes:
#   producer-bound  K=1,  N=BENCH_N_PRODUCER (5,000,000): CPU cost per event
#   consumer-bound  K=64, N=BENCH_N_CONSUMER (200,000):   events/s throughput
# Ends with four lines, against the eager C reader and against the C reader with the same
# (batching) read policy as Java:
#   RATIO producer-bound <(C CPU-s per M events) / (Java CPU-s per M events)>
#   RATIO consumer-bound <(Java events/s) / (C events/s)>
#   RATIO producer-bound vs-c-batch <(c-batch CPU-s per M events) / (Java CPU-s per M events)>
#   RATIO consumer-bound vs-c-batch <(Java events/s) / (c-batch events/s)>

suite_ringbuf_usage() {
  cat <<'USAGE'
usage: bench/run ringbuf [--with-bpftrace]
  env: BENCH_N_PRODUCER (5000000)  BENCH_N_CONSUMER (200000)  BENCH_N_BPFTRACE (= BENCH_N_PRODUCER)
       BENCH_C_BATCH_US (1000; 0 drops the c-batch rows)
       BENCH_WAIT_QUIET (seconds to wait for an idle machine before each measurement, 0)
       BENCH_JAVA_OPTS (--enable-native-access=ALL-UNNAMED)  BENCH_JAVA_HOME  BENCH_MVN_FLAGS
USAGE
}

suite_ringbuf_main() {
  local with_bpftrace= n_prod n_cons n_bt
  while [ $# -gt 0 ]; do
    case $1 in
      --with-bpftrace) with_bpftrace=1; shift ;;
      -h|--help) suite_ringbuf_usage; return 0 ;;
      *) suite_ringbuf_usage >&2; return 2 ;;
    esac
  done
  n_prod=${BENCH_N_PRODUCER:-5000000}
  n_cons=${BENCH_N_CONSUMER:-200000}
  n_bt=${BENCH_N_BPFTRACE:-$n_prod}

  bench_build_native
  bench_build_java
  bench_results_init "$BENCH_TARGET/results/ringbuf.results"
  bench_check_quiet

  bench_consumer_baseline producer-bound 1 "$n_prod"
  bench_consumer_c        producer-bound 1 "$n_prod"
  bench_consumer_c_batch  producer-bound 1 "$n_prod"
  bench_consumer_java     producer-bound 1 "$n_prod"
  [ -n "$with_bpftrace" ] && bench_consumer_bpftrace producer-bound 1 "$n_bt"

  bench_consumer_baseline consumer-bound 64 "$n_cons"
  bench_consumer_c        consumer-bound 64 "$n_cons"
  bench_consumer_c_batch  consumer-bound 64 "$n_cons"
  bench_consumer_java     consumer-bound 64 "$n_cons"

  bench_check_leaks
  echo
  bench_table "$BENCH_RESULTS"
  echo
  echo "RATIO producer-bound $(bench_ratio cpu-per-mev "$BENCH_RESULTS" c java producer-bound)"
  echo "RATIO consumer-bound $(bench_ratio events-per-s "$BENCH_RESULTS" java c consumer-bound)"
  echo "RATIO producer-bound vs-c-batch $(bench_ratio cpu-per-mev "$BENCH_RESULTS" c-batch java producer-bound)"
  echo "RATIO consumer-bound vs-c-batch $(bench_ratio events-per-s "$BENCH_RESULTS" java c-batch consumer-bound)"
}
