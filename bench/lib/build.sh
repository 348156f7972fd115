# shellcheck shell=bash
# Builds everything the benchmark needs into bench/target. Source after common.sh.
#   bench_build_native   BPF object, workload, C reference consumer (always needed)
#   bench_build_java     the bench Maven module; sets BENCH_JAVA_STATUS and BENCH_JAVA_CP

BENCH_BPF_OBJ="$BENCH_TARGET/ringbuf_bench.bpf.o"
BENCH_WORKLOAD="$BENCH_TARGET/ptbench_work"
BENCH_C_REF="$BENCH_TARGET/ringbuf_ref"

# bench_stale OUT IN...: true if OUT is missing or older than any IN.
bench_stale() {
  local out=$1 in
  shift
  [ -e "$out" ] || return 0
  for in in "$@"; do [ "$in" -nt "$out" ] && return 0; done
  return 1
}

bench_build_native() {
  local inc="$BENCH_TARGET/include" arch
  mkdir -p "$inc"
  command -v clang >/dev/null || bench_die "clang not found (apt-get install clang)"
  command -v gcc >/dev/null || bench_die "gcc not found (apt-get install gcc)"
  command -v bpftool >/dev/null || bench_die "bpftool not found (apt-get install bpftool)"
  [ -r /usr/include/bpf/libbpf.h ] || bench_die "libbpf headers missing (apt-get install libbpf-dev libelf-dev zlib1g-dev)"

  # vmlinux.h is generated once from the running kernel and cached.
  if [ ! -s "$inc/vmlinux.h" ] || [ /sys/kernel/btf/vmlinux -nt "$inc/vmlinux.h" ]; then
    bench_log "generating $inc/vmlinux.h"
    bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$inc/vmlinux.h.tmp"
    mv "$inc/vmlinux.h.tmp" "$inc/vmlinux.h"
  fi

  arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
  if bench_stale "$BENCH_BPF_OBJ" "$BENCH_DIR/bpf/ringbuf_bench.bpf.c" "$inc/vmlinux.h"; then
    bench_log "compiling $BENCH_BPF_OBJ"
    # -mcpu=v3: atomic fetch-and-add (the global sequence number) needs BPF_FETCH.
    clang -target bpf -mcpu=v3 -g -O2 -Wall -D__TARGET_ARCH_"$arch" -I "$inc" \
      -c "$BENCH_DIR/bpf/ringbuf_bench.bpf.c" -o "$BENCH_BPF_OBJ.tmp"
    mv "$BENCH_BPF_OBJ.tmp" "$BENCH_BPF_OBJ"
  fi
  if bench_stale "$BENCH_WORKLOAD" "$BENCH_DIR/c/ptbench_work.c"; then
    bench_log "compiling $BENCH_WORKLOAD"
    gcc -O2 -Wall -Wextra -o "$BENCH_WORKLOAD" "$BENCH_DIR/c/ptbench_work.c"
  fi
  if bench_stale "$BENCH_C_REF" "$BENCH_DIR/c/ringbuf_ref.c"; then
    bench_log "compiling $BENCH_C_REF"
    gcc -O2 -Wall -Wextra -o "$BENCH_C_REF" "$BENCH_DIR/c/ringbuf_ref.c" -lbpf -lelf -lz
  fi
}

# Java consumer main class; bench_java_main_built tells whether it exists.
BENCH_JAVA_MAIN=dev.polytrace.bench.RingbufConsumer
BENCH_JAVA_CLASSES="$BENCH_TARGET/classes"
BENCH_JAVA_CP_FILE="$BENCH_TARGET/classpath.txt"

bench_java_class_file() { printf '%s/%s.class' "$BENCH_JAVA_CLASSES" "${1//.//}"; }

# Builds the bench module when it has sources (or its output is missing) and sets
#   BENCH_JAVA_STATUS  ok | not built | build failed (see LOG)
#   BENCH_JAVA_CP      classpath for `java -cp`
#   BENCH_JAVA         the java launcher
bench_build_java() {
  local log="$BENCH_TARGET/mvn-build.log" have_src=
  BENCH_JAVA="$BENCH_JAVA_HOME/bin/java"
  BENCH_JAVA_CP=
  [ -d "$BENCH_DIR/src/main/java" ] && [ -n "$(find "$BENCH_DIR/src/main/java" -name '*.java' -print -quit)" ] && have_src=1

  # Rebuild whenever there are sources (Maven is incremental) so stale classes are
  # never benchmarked; with no sources only build if the class path is missing.
  if [ -n "$have_src" ] || [ ! -s "$BENCH_JAVA_CP_FILE" ]; then
    if [ -z "$have_src" ] && [ -z "${BENCH_FORCE_MVN:-}" ]; then
      BENCH_JAVA_STATUS="not built"
      return 0
    fi
    [ -x "$BENCH_JAVA" ] || { BENCH_JAVA_STATUS="not built (no JDK at $BENCH_JAVA_HOME)"; return 0; }
    command -v mvn >/dev/null || { BENCH_JAVA_STATUS="not built (mvn not found)"; return 0; }
    bench_log "building the bench Maven module (log: $log)"
    # One reactor invocation: package the module and what it needs, and write the
    # class path (relative outputFile = per module, bench's lands in bench/target).
    if ! (cd "$BENCH_ROOT" && JAVA_HOME="$BENCH_JAVA_HOME" mvn -q ${BENCH_MVN_FLAGS:-} -pl bench -am \
          package dependency:build-classpath -DskipTests -DincludeScope=runtime \
          -Dmdep.outputFile=target/classpath.txt) >"$log" 2>&1; then
      BENCH_JAVA_STATUS="build failed (see ${log#"$BENCH_ROOT"/})"
      return 0
    fi
  fi
  if [ ! -f "$(bench_java_class_file "$BENCH_JAVA_MAIN")" ]; then
    BENCH_JAVA_STATUS="not built"
    return 0
  fi
  BENCH_JAVA_CP="$BENCH_JAVA_CLASSES:$(cat "$BENCH_JAVA_CP_FILE" 2>/dev/null)"
  BENCH_JAVA_STATUS=ok
}

# The tracer package polytrace runs in the handlers suite, built from the same BPF
# source by `polytrace build` (through the bench class path, which holds the host),
# and the JVM flags polytrace itself runs with. Sets BENCH_TRACER_STATUS (ok or why
# not) and BENCH_POLYTRACE_FLAGS. Call after bench_build_java.
BENCH_TRACER="$BENCH_TARGET/ringbuf_bench.tracer.json"
BENCH_REL_TRACER="bench/target/ringbuf_bench.tracer.json"

bench_build_tracer() {
  local log="$BENCH_TARGET/tracer-build.log"
  if [ "${BENCH_JAVA_STATUS:-}" != ok ]; then
    BENCH_TRACER_STATUS="not built (Java side: ${BENCH_JAVA_STATUS:-not built})"
    return 0
  fi
  if ! mapfile -t BENCH_POLYTRACE_FLAGS < <("$BENCH_ROOT/polytrace" java-flags 2>"$log") \
      || [ "${#BENCH_POLYTRACE_FLAGS[@]}" = 0 ]; then
    BENCH_TRACER_STATUS="not built (./polytrace java-flags failed, see ${log#"$BENCH_ROOT"/})"
    return 0
  fi
  if bench_stale "$BENCH_TRACER" "$BENCH_DIR/bpf/ringbuf_bench.bpf.c"; then
    bench_log "building $BENCH_TRACER with polytrace build"
    if ! (cd "$BENCH_ROOT" && "$BENCH_JAVA" "${BENCH_POLYTRACE_FLAGS[@]}" -cp "$BENCH_JAVA_CP" \
          dev.polytrace.host.cli.Main build "$BENCH_DIR/bpf/ringbuf_bench.bpf.c" -o "$BENCH_TRACER") >>"$log" 2>&1; then
      BENCH_TRACER_STATUS="build failed (see ${log#"$BENCH_ROOT"/})"
      return 0
    fi
  fi
  BENCH_TRACER_STATUS=ok
}
