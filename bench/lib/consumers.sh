# shellcheck shell=bash
# One function per consumer. Each runs one (mode, K, N) measurement and records a
# RESULT or STATUS line via results.sh. Source after common.sh, build.sh, results.sh.
#   bench_consumer_<name> MODE K N
# Adding a consumer = adding a function here (and calling it from a suite).

BENCH_LOGS="$BENCH_TARGET/logs"

# Paths as consumers are given them: relative to the reactor root. bench/run
# changes to that directory first, so it is every consumer's working directory.
BENCH_REL_OBJ="bench/target/ringbuf_bench.bpf.o"
BENCH_REL_WORKLOAD="bench/target/ptbench_work"

bench_logfiles() {               # NAME MODE -> sets OUT ERR
  mkdir -p "$BENCH_LOGS"
  OUT="$BENCH_LOGS/$1.$2.out"
  ERR="$BENCH_LOGS/$1.$2.err"
}

# The workload alone, nothing attached. Recorded as consumer "baseline".
bench_consumer_baseline() {
  local mode=$1 n=$3 rc=0 wall
  bench_logfiles baseline "$mode"
  bench_wait_quiet
  bench_log "baseline  $mode: ptbench_work $n (nothing attached)"
  bench_spawn "$OUT" "$ERR" "$BENCH_REL_WORKLOAD" "$n" || rc=$?
  wall=$(sed -n 's/^workload_wall_s \([0-9.]*\)$/\1/p' "$OUT")
  bench_record_noise baseline "$mode"
  if [ "$rc" = 0 ] && [ -n "$wall" ]; then
    bench_record_result "RESULT consumer=baseline mode=$mode delivered=0 drops=0 workload_wall_s=$wall consumer_cpu_s=0.000 span_s=0.000"
  else
    bench_record_status baseline "$mode" "failed (exit $rc)"
  fi
}

# The C/libbpf reference consumer: "eager" reading (ring_buffer__poll in a loop).
bench_consumer_c() {
  local mode=$1 k=$2 n=$3 rc=0
  bench_logfiles c "$mode"
  bench_wait_quiet
  bench_log "c         $mode: K=$k N=$n"
  bench_spawn "$OUT" "$ERR" "$BENCH_C_REF" --object "$BENCH_REL_OBJ" \
      --records-per-call "$k" --calls "$n" --workload "$BENCH_REL_WORKLOAD" --mode "$mode" --name c || rc=$?
  bench_collect c "$mode" "$OUT" "$ERR" "$rc"
}

# The same C consumer with a batching read policy (--max-latency-us, default 1000 from
# BENCH_C_BATCH_US): after a read that found records it sleeps up to that long before
# reading again, as polytrace's reader does: the reference of the vs-c-batch ratios.
bench_consumer_c_batch() {
  local mode=$1 k=$2 n=$3 rc=0 us=${BENCH_C_BATCH_US:-1000}
  [ "$us" -gt 0 ] 2>/dev/null || return 0
  bench_logfiles c-batch "$mode"
  bench_wait_quiet
  bench_log "c-batch   $mode: K=$k N=$n max latency ${us} us"
  bench_spawn "$OUT" "$ERR" "$BENCH_C_REF" --object "$BENCH_REL_OBJ" \
      --records-per-call "$k" --calls "$n" --workload "$BENCH_REL_WORKLOAD" --mode "$mode" \
      --name c-batch --max-latency-us "$us" || rc=$?
  bench_collect c-batch "$mode" "$OUT" "$ERR" "$rc"
}

# The Java consumer (dev.polytrace.bench.RingbufConsumer from the bench module).
# Launcher flags: BENCH_JAVA_OPTS (default: --enable-native-access=ALL-UNNAMED).
bench_consumer_java() {
  local mode=$1 k=$2 n=$3 rc=0 opts
  if [ "${BENCH_JAVA_STATUS:-not built}" != ok ]; then
    bench_log "java      $mode: ${BENCH_JAVA_STATUS:-not built}"
    bench_record_status java "$mode" "${BENCH_JAVA_STATUS:-not built}"
    return 0
  fi
  bench_logfiles java "$mode"
  bench_wait_quiet
  read -r -a opts <<<"${BENCH_JAVA_OPTS:---enable-native-access=ALL-UNNAMED}"
  bench_log "java      $mode: K=$k N=$n"
  bench_spawn "$OUT" "$ERR" "$BENCH_JAVA" "${opts[@]}" -cp "$BENCH_JAVA_CP" "$BENCH_JAVA_MAIN" \
      --object "$BENCH_REL_OBJ" --records-per-call "$k" --calls "$n" \
      --workload "$BENCH_REL_WORKLOAD" --mode "$mode" || rc=$?
  bench_collect java "$mode" "$OUT" "$ERR" "$rc"
}

# bpftrace printing the same four fields per event, K lines per call (unrolled).
# See bench/lib/bpftrace_consumer.sh.
bench_consumer_bpftrace() {
  local mode=$1 k=$2 n=$3 rc=0
  if ! command -v bpftrace >/dev/null; then
    bench_record_status bpftrace "$mode" "not installed"
    return 0
  fi
  bench_logfiles bpftrace "$mode"
  bench_wait_quiet
  bench_log "bpftrace  $mode: K=$k N=$n"
  bench_spawn "$OUT" "$ERR" "$BENCH_DIR/lib/bpftrace_consumer.sh" --records-per-call "$k" \
      --calls "$n" --workload "$BENCH_REL_WORKLOAD" --mode "$mode" || rc=$?
  bench_collect bpftrace "$mode" "$OUT" "$ERR" "$rc"
}

# polytrace itself (dev.polytrace.bench.TracerConsumer): the bench's tracer package run
# by the host as `polytrace run` runs it. VARIANT: nohandler (JSON Lines to /dev/null),
# js or python (bench/handlers/count_by_comm.{js,py}: four fields read, counts by comm),
# each warmed up first for BENCH_WARM_UP seconds (30; `run --warm-up`: the handler, or for
# nohandler the JSON output), before attaching.
# JVM flags: `./polytrace java-flags run PACKAGE [--handler FILE]` (native access, the Graal JIT,
# the heap, GC and compilation that run gives this variant), then BENCH_POLYTRACE_EXTRA_OPTS (a
# profiler agent, say).
bench_consumer_polytrace() {
  local variant=$1 mode=$2 k=$3 n=$4 rc=0 handler=()
  if [ "${BENCH_TRACER_STATUS:-not built}" != ok ]; then
    bench_log "$variant $mode: ${BENCH_TRACER_STATUS:-not built}"
    bench_record_status "$variant" "$mode" "${BENCH_TRACER_STATUS:-not built}"
    return 0
  fi
  local warm=${BENCH_WARM_UP:-30}
  case $variant in
    nohandler) handler=(--warm-up "$warm") ;;
    js) handler=(--handler bench/handlers/count_by_comm.js --warm-up "$warm") ;;
    python) handler=(--handler bench/handlers/count_by_comm.py --warm-up "$warm") ;;
    *) bench_die "unknown polytrace variant '$variant'" ;;
  esac
  local extra=() flags=()
  read -r -a extra <<<"${BENCH_POLYTRACE_EXTRA_OPTS:-}"
  # The JVM flags `polytrace run` gives this run: its GC depends on whether it has a handler.
  local run=("$BENCH_REL_TRACER")
  [ "$variant" = nohandler ] || run+=("${handler[@]:0:2}")
  mapfile -t flags < <(cd "$BENCH_ROOT" && ./polytrace java-flags run "${run[@]}" 2>/dev/null)
  [ "${#flags[@]}" -gt 0 ] || bench_die "./polytrace java-flags run ${run[*]} printed nothing"
  bench_logfiles "$variant" "$mode"
  bench_wait_quiet
  bench_log "$(printf '%-9s' "$variant") $mode: K=$k N=$n"
  bench_spawn "$OUT" "$ERR" "$BENCH_JAVA" "${flags[@]}" "${extra[@]}" -cp "$BENCH_JAVA_CP" \
      dev.polytrace.bench.TracerConsumer --object "$BENCH_REL_TRACER" --records-per-call "$k" --calls "$n" \
      --workload "$BENCH_REL_WORKLOAD" --mode "$mode" --name "$variant" "${handler[@]}" || rc=$?
  bench_collect "$variant" "$mode" "$OUT" "$ERR" "$rc"
}
