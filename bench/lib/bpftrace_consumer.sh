#!/usr/bin/env bash
# bpftrace as a benchmark consumer: per getppid() of the workload it printf()s the
# same four fields a bench_event carries (pid, tid, timestamp, comm); the text goes
# through a pipe to a counter (awk, not measured). Prints the common RESULT line.
#
#   bpftrace_consumer.sh --calls N --workload PATH [--records-per-call K] [--mode producer-bound] [--name bpftrace]
#
# With K > 1 the probe prints K lines per call (an unrolled loop, bpftrace's unroll allows
# up to 100), like the BPF producer's K records per call.
#
# Measurement:
#   - bpftrace's start-up is excluded: the workload starts only after a canary
#     (PATH 1, a one-call run of the workload) has shown up in bpftrace's output,
#     which proves the probe is attached. Canary lines are not counted (counting is
#     per pid and only the measured workload's pid is reported).
#   - consumer_cpu_s is the delta of utime+stime of the bpftrace process from
#     /proc/PID/stat (clock-tick resolution, 10 ms) between workload start and the
#     moment bpftrace's CPU time stopped growing after the workload exited;
#     span_s is the wall time to that moment (so it is an upper bound, +50 ms).
#   - drops are the events bpftrace reports as "Lost N events".
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=common.sh
. "$BENCH_DIR/lib/common.sh"

calls= workload= mode=producer-bound name=bpftrace k=1
while [ $# -gt 0 ]; do
  case $1 in
    --calls) calls=$2; shift 2 ;;
    --records-per-call) k=$2; shift 2 ;;
    --workload) workload=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    *) bench_die "bpftrace_consumer.sh: unknown argument '$1'" ;;
  esac
done
[ -n "$calls" ] && [ -n "$workload" ] || bench_die "usage: bpftrace_consumer.sh --calls N --workload PATH [--records-per-call K] [--mode M]"
[ "$k" -ge 1 ] && [ "$k" -le 100 ] 2>/dev/null || bench_die "--records-per-call must be 1..100 for bpftrace (unroll limit)"
[ -x "$workload" ] || bench_die "workload '$workload' is not executable"
[ "$(basename "$workload")" = ptbench_work ] || bench_die "the workload must be named ptbench_work (comm filter)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptbench-bpftrace.XXXXXX")
bench_install_traps
trap 'bench_cleanup; rm -rf "$tmp"' EXIT

mkfifo "$tmp/out"
# Counter: events per pid, lost events, and a marker file at the first event.
awk -v marker="$tmp/attached" '
  /^E / { c[$2]++; if (!seen) { seen = 1; printf "" > marker; close(marker) } next }
  /^Lost [0-9]+ events/ { lost += $2 }
  END { for (p in c) print "pid", p, c[p]; print "lost", lost + 0 }' <"$tmp/out" >"$tmp/counts" &
awk_pid=$!
BENCH_PIDS+=("$awk_pid")

print_event='printf("E %d %d %llu %s\n", pid, tid, nsecs, comm);'
[ "$k" -gt 1 ] && print_event="unroll($k) { $print_event }"
bpftrace -e "tracepoint:syscalls:sys_enter_getppid /comm == \"ptbench_work\"/ { $print_event }" \
  >"$tmp/out" 2>"$tmp/bpftrace.err" &
bt_pid=$!
BENCH_PIDS+=("$bt_pid")

# Wait until the probe is attached: run one-call canaries until one is printed.
deadline=$(( ${EPOCHSECONDS} + 30 ))
while [ ! -e "$tmp/attached" ]; do
  if [ ! -d "/proc/$bt_pid" ]; then
    cat "$tmp/bpftrace.err" >&2
    bench_die "bpftrace exited before attaching"
  fi
  [ "$EPOCHSECONDS" -lt "$deadline" ] || bench_die "bpftrace did not attach within 30 s"
  "$workload" 1 >/dev/null
  sleep 0.05
done

cpu0=$(bench_proc_cpu_s "$bt_pid")
t0=$(bench_now)
"$workload" "$calls" >"$tmp/workload.out" &
work_pid=$!
BENCH_PIDS+=("$work_pid")
wait "$work_pid" || bench_die "workload failed"
bench_forget_pid "$work_pid"

# Wait for bpftrace to go idle: its CPU time unchanged for 300 ms.
last_cpu=$(bench_proc_cpu_s "$bt_pid")
last_change=$(bench_now)
while :; do
  sleep 0.05
  now=$(bench_now)
  cpu=$(bench_proc_cpu_s "$bt_pid") || bench_die "bpftrace died"
  if [ "$cpu" != "$last_cpu" ]; then
    last_cpu=$cpu
    last_change=$now
  elif awk -v a="$now" -v b="$last_change" 'BEGIN { exit !(a - b >= 0.3) }'; then
    break
  fi
done

kill -INT "$bt_pid" 2>/dev/null || true
wait "$bt_pid" || true
bench_forget_pid "$bt_pid"
wait "$awk_pid" || true
bench_forget_pid "$awk_pid"

delivered=$(awk -v p="$work_pid" '$1 == "pid" && $2 == p { print $3 }' "$tmp/counts")
drops=$(awk '$1 == "lost" { print $2 }' "$tmp/counts")
wall=$(sed -n 's/^workload_wall_s \([0-9.]*\)$/\1/p' "$tmp/workload.out")
awk -v name="$name" -v mode="$mode" -v d="${delivered:-0}" -v l="${drops:-0}" -v w="${wall:-0}" \
    -v c0="$cpu0" -v c1="$last_cpu" -v t0="$t0" -v t1="$last_change" 'BEGIN {
  printf "RESULT consumer=%s mode=%s delivered=%d drops=%d workload_wall_s=%.3f consumer_cpu_s=%.3f span_s=%.3f\n",
    name, mode, d, l, w, c1 - c0, t1 - t0 }'
