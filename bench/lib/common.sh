# shellcheck shell=bash
# Shared environment, logging, child-process bookkeeping and kernel prerequisites
# for bench/run and the consumer wrappers in bench/lib. Source it; do not execute it.

BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH_ROOT=$(cd "$BENCH_DIR/.." && pwd)          # the Maven reactor root
BENCH_TARGET="$BENCH_DIR/target"
BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}}

bench_log() { printf 'bench: %s\n' "$*" >&2; }
bench_die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# Monotonic-enough wall clock in seconds with microseconds (bash builtin, no fork).
bench_now() { printf '%s' "${EPOCHREALTIME/,/.}"; }

# user+system CPU seconds of a whole process (all threads) from /proc/PID/stat.
bench_proc_cpu_s() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }                       # drop "pid (comm) " — comm may contain spaces
  # shellcheck disable=SC2086
  set -- $rest                            # $1 = state (field 3), so utime = $12, stime = $13
  awk -v u="${12}" -v s="${13}" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (u + s) / hz }'
}

# ---- child processes ---------------------------------------------------------
# Every long-running child is started through bench_spawn so that Ctrl-C / TERM
# (and any exit) kills it together with its descendants (e.g. the workload a
# consumer forked). Killing is by pid only.
BENCH_PIDS=()

bench_descendants() {
  local pid=$1 kid f
  for f in /proc/"$pid"/task/*/children; do
    [ -r "$f" ] || continue
    for kid in $(cat "$f" 2>/dev/null); do
      bench_descendants "$kid"
      printf '%s\n' "$kid"
    done
  done
}

bench_kill_tree() {
  local pid=$1 all p i
  [ -d "/proc/$pid" ] || return 0
  all="$(bench_descendants "$pid") $pid"
  for p in $all; do kill -TERM "$p" 2>/dev/null || true; done
  for i in 1 2 3 4 5 6 7 8 9 10; do
    local alive=
    for p in $all; do [ -d "/proc/$p" ] && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.2
  done
  for p in $all; do kill -KILL "$p" 2>/dev/null || true; done
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do bench_kill_tree "$pid"; done
  BENCH_PIDS=()
}

bench_forget_pid() {
  local pid=$1 p keep=()
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
}

# One benchmark at a time per machine: the comm filter would let concurrent runs
# see each other's workloads, and they would compete for CPUs anyway. The lock is
# held on fd 9 for the life of the script (children get it closed).
BENCH_LOCK=${BENCH_LOCK:-/run/lock/polytrace-bench.lock}
bench_lock() {
  [ -d "$(dirname "$BENCH_LOCK")" ] || BENCH_LOCK="${TMPDIR:-/tmp}/polytrace-bench.lock"
  exec 9>>"$BENCH_LOCK"
  if ! flock -n 9; then
    bench_log "another benchmark holds $BENCH_LOCK; waiting for it"
    flock 9
  fi
}

bench_install_traps() {
  trap 'bench_log "interrupted"; bench_cleanup; exit 130' INT
  trap 'bench_log "terminated"; bench_cleanup; exit 143' TERM HUP
  trap 'bench_cleanup' EXIT
}

# CPU seconds (user+nice+system) used machine-wide so far, from /proc/stat.
bench_machine_cpu_s() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.3f", ($2 + $3 + $4) / hz; exit }' /proc/stat
}

# Sets BENCH_CHILDREN_CPU: CPU seconds of all children this shell has waited for
# (and their waited-for descendants), from the `times` builtin. Call it directly,
# not in $(...): `times` must run in this shell, a subshell has no children.
bench_children_cpu_s() {
  times >"$BENCH_TARGET/.times"
  BENCH_CHILDREN_CPU=$(awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] }
    printf "%.3f", t }' "$BENCH_TARGET/.times")
}

# bench_spawn OUT ERR CMD...: runs CMD in the background with stdout/stderr to
# files, waits for it (interruptibly), returns its exit status. Sets
# BENCH_OTHER_CPUS: how many CPUs, on average over the run, were used by
# processes other than CMD and its descendants (noise; ~0 on a quiet machine).
bench_spawn() {
  local out=$1 err=$2 pid rc=0 m0 c0 t0
  shift 2
  m0=$(bench_machine_cpu_s); bench_children_cpu_s; c0=$BENCH_CHILDREN_CPU; t0=$(bench_now)
  "$@" >"$out" 2>"$err" </dev/null 9>&- &
  pid=$!
  BENCH_PIDS+=("$pid")
  wait "$pid" || rc=$?
  bench_forget_pid "$pid"
  bench_children_cpu_s
  BENCH_OTHER_CPUS=$(awk -v m0="$m0" -v m1="$(bench_machine_cpu_s)" -v c0="$c0" -v c1="$BENCH_CHILDREN_CPU" \
    -v t0="$t0" -v t1="$(bench_now)" 'BEGIN {
      o = ((m1 - m0) - (c1 - c0)) / (t1 > t0 ? t1 - t0 : 1); printf "%.2f", o < 0 ? 0 : o }')
  return "$rc"
}

# ---- kernel prerequisites ----------------------------------------------------
bench_require_root() {
  [ "$(id -u)" = 0 ] || bench_die "needs root (loads BPF programs)"
}

bench_mount_fs() {
  if ! mountpoint -q /sys/kernel/tracing; then
    mount -t tracefs tracefs /sys/kernel/tracing || bench_die "cannot mount tracefs at /sys/kernel/tracing"
  fi
  if ! mountpoint -q /sys/fs/bpf; then
    mount -t bpf bpf /sys/fs/bpf || bench_die "cannot mount bpffs at /sys/fs/bpf"
  fi
  [ -r /sys/kernel/btf/vmlinux ] || bench_die "kernel BTF (/sys/kernel/btf/vmlinux) is missing"
}

# Names of BPF programs this benchmark loads (as bpftool shows them, 15 chars max).
BENCH_PROG_NAMES='ptbench_getppid|sys_enter_getpp'

# Lists loaded programs with our names that no live process holds (empty if
# none): those are leaked. A program held by a live process belongs to someone
# else running the same object at the same time (our children are gone by now).
bench_leaked_progs() {
  local line id holders
  bpftool prog show 2>/dev/null | grep -E "name ($BENCH_PROG_NAMES)( |$)" | while read -r line; do
    id=${line%%:*}
    holders=$(grep -lsE "^prog_id:[[:space:]]+$id\$" /proc/[0-9]*/fdinfo/* 2>/dev/null |
      cut -d/ -f3 | sort -u | tr '\n' ' ')
    if [ -n "$holders" ]; then
      bench_log "note: program $id (${line#*name }) is held by pid(s) ${holders}(not ours)"
    else
      printf '%s\n' "$line"
    fi
  done || true     # grep finding nothing is the good case
}

# Warns (stderr) if any of them is still loaded; used at the end of a suite.
bench_check_leaks() {
  local leaked
  leaked=$(bench_leaked_progs)
  if [ -n "$leaked" ]; then
    bench_log "WARNING: benchmark BPF programs still loaded after the run:"
    printf '%s\n' "$leaked" >&2
  fi
}

# bench_busy_cpus: how many CPUs were busy (non-idle) over the next second.
bench_busy_cpus() {
  local a b
  a=$(head -n 1 /proc/stat)
  sleep 1
  b=$(head -n 1 /proc/stat)
  awk -v a="$a" -v b="$b" -v ncpu="$(getconf _NPROCESSORS_ONLN)" 'BEGIN {
    na = split(a, x); split(b, y); tot = 0
    for (i = 2; i <= na; i++) tot += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.2f", (tot > 0 ? (tot - idle) / tot * ncpu : 0) }'
}

# Warns if the machine is not quiet: other processes using CPU distort both the
# workload's wall time and the consumers' CPU time.
bench_check_quiet() {
  local busy
  busy=$(bench_busy_cpus)
  if awk -v b="$busy" 'BEGIN { exit !(b > 0.2) }'; then
    bench_log "WARNING: machine not quiet: $busy CPUs busy before the run (of $(getconf _NPROCESSORS_ONLN)); figures will be inflated"
  fi
}

# With BENCH_WAIT_QUIET=SECONDS, waits up to that long for fewer than 0.15 busy
# CPUs before each measurement (useful on shared machines); no-op otherwise.
bench_wait_quiet() {
  local limit=${BENCH_WAIT_QUIET:-0} start=$EPOCHSECONDS busy
  [ "$limit" -gt 0 ] 2>/dev/null || return 0
  while :; do
    busy=$(bench_busy_cpus)
    awk -v b="$busy" 'BEGIN { exit !(b < 0.15) }' && return 0
    if [ $((EPOCHSECONDS - start)) -ge "$limit" ]; then
      bench_log "WARNING: still $busy CPUs busy after waiting ${limit} s; measuring anyway"
      return 0
    fi
    sleep 2
  done
}
