# shellcheck shell=bash
# RESULT-line collection, the results table and the ratio lines. Source after common.sh.
#
# Every consumer prints exactly one line on stdout:
#   RESULT consumer=<name> mode=<producer-bound|consumer-bound> delivered=<n> drops=<n> \
#          workload_wall_s=<x.xxx> consumer_cpu_s=<x.xxx> span_s=<x.xxx>
# A run collects them (plus STATUS lines for consumers that did not run, and NOISE
# lines from bench_spawn's machine-wide CPU accounting) in one file:
#   STATUS consumer=<name> mode=<mode> status=<free text>
#   NOISE consumer=<name> mode=<mode> other_cpus=<average CPUs used by other processes>

# bench_results_init FILE: starts a new results file for this run.
bench_results_init() {
  BENCH_RESULTS=$1
  mkdir -p "$(dirname "$BENCH_RESULTS")"
  : >"$BENCH_RESULTS"
}

# bench_result_line FILE: prints the last well-formed RESULT line in FILE, if any.
bench_result_line() {
  grep -E '^RESULT consumer=[^ ]+ mode=(producer-bound|consumer-bound) delivered=[0-9]+ drops=[0-9]+ workload_wall_s=[0-9.]+ consumer_cpu_s=[0-9.]+ span_s=[0-9.]+$' "$1" 2>/dev/null | tail -n 1
}

# bench_result_field LINE KEY: value of KEY=... in a RESULT/STATUS line.
bench_result_field() {
  local line=" $1" key=$2
  line=${line#* "$key"=}
  [ "$line" = " $1" ] && return 1
  printf '%s' "${line%% *}"
}

bench_record_result() { printf '%s\n' "$1" >>"$BENCH_RESULTS"; }

bench_record_noise() {           # CONSUMER MODE (uses BENCH_OTHER_CPUS of the last bench_spawn)
  [ -n "${BENCH_OTHER_CPUS:-}" ] || return 0
  printf 'NOISE consumer=%s mode=%s other_cpus=%s\n' "$1" "$2" "$BENCH_OTHER_CPUS" >>"$BENCH_RESULTS"
}

bench_record_status() {          # CONSUMER MODE TEXT...
  local c=$1 m=$2
  shift 2
  printf 'STATUS consumer=%s mode=%s status=%s\n' "$c" "$m" "$*" >>"$BENCH_RESULTS"
}

# bench_collect NAME MODE OUTFILE ERRFILE RC: records the consumer's RESULT line, or a STATUS
# line saying why there is none. A consumer that printed a RESULT but exited non-zero failed its
# own check: its row says failed and no ratio uses it.
bench_collect() {
  local name=$1 mode=$2 out=$3 err=$4 rc=$5 line
  bench_record_noise "$name" "$mode"
  line=$(bench_result_line "$out")
  if [ -n "$line" ]; then
    if [ "$(bench_result_field "$line" consumer)" != "$name" ]; then
      bench_log "$name/$mode: RESULT line says consumer=$(bench_result_field "$line" consumer), expected $name; recording it as $name"
      line="RESULT consumer=$name ${line#RESULT consumer=* }"
    fi
    if [ "$(bench_result_field "$line" mode)" != "$mode" ]; then
      bench_log "$name/$mode: RESULT line has the wrong mode: $line"
      bench_record_status "$name" "$mode" "failed (RESULT line for another mode)"
      return 0
    fi
    if [ "$rc" != 0 ]; then
      # Its own check failed (records missing, workload failed, handler miscounted): no figure.
      bench_log "$name/$mode failed its own check (exit $rc); its figures are not used; stderr ends:"
      tail -n 5 "$err" >&2 || true
      bench_record_status "$name" "$mode" "failed (its own check, exit $rc, see ${err#"$BENCH_ROOT"/})"
      return 0
    fi
    bench_record_result "$line"
  else
    bench_log "$name/$mode printed no RESULT line (exit $rc); stderr follows:"
    tail -n 20 "$err" >&2 || true
    bench_record_status "$name" "$mode" "failed (exit $rc, see ${err#"$BENCH_ROOT"/})"
  fi
}

# bench_table FILE: the human-readable table (stdout).
# Columns: consumer, mode, delivered, drops, workload wall s, slowdown vs baseline,
# consumer CPU s, span s, delivered events/s, consumer CPU-s per million events,
# noise (CPUs used by other processes during the measurement).
bench_table() {
  awk '
    function kv(line, key,   s, i) {
      s = " " line " "; i = index(s, " " key "=")
      if (!i) return ""
      s = substr(s, i + length(key) + 2)
      return substr(s, 1, index(s, " ") - 1)
    }
    function num(x) { return x + 0 }
    BEGIN {
      fmt = "%-16s %-15s %12s %10s %8s %8s %8s %8s %14s %11s %6s\n"
      printf fmt, "consumer", "mode", "delivered", "drops", "wall_s", "slowdown", "cpu_s", "span_s", "events/s", "cpu_s/Mev", "noise"
    }
    /^NOISE / { noise[kv($0, "consumer") SUBSEP kv($0, "mode")] = kv($0, "other_cpus"); next }
    /^RESULT / {
      c = kv($0, "consumer"); m = kv($0, "mode"); n++
      row[n] = $0; kind[n] = "R"
      if (c == "baseline") base[m] = num(kv($0, "workload_wall_s"))
      next
    }
    /^STATUS / { n++; row[n] = $0; kind[n] = "S" }
    END {
      for (i = 1; i <= n; i++) {
        line = row[i]; c = kv(line, "consumer"); m = kv(line, "mode")
        if (kind[i] == "S") {
          st = line; sub(/^.* status=/, "", st)
          printf "%-16s %-15s %s\n", c, m, st
          continue
        }
        wall = num(kv(line, "workload_wall_s"))
        slow = (c != "baseline" && base[m] > 0) ? sprintf("%.2fx", wall / base[m]) : "-"
        nz = ((c SUBSEP m) in noise) ? noise[c SUBSEP m] : "-"
        if (c == "baseline") {
          printf fmt, c, m, "-", "-", sprintf("%.3f", wall), slow, "-", "-", "-", "-", nz
          continue
        }
        d = num(kv(line, "delivered")); cpu = num(kv(line, "consumer_cpu_s")); span = num(kv(line, "span_s"))
        eps = span > 0 ? sprintf("%.0f", d / span) : "-"
        cpm = d > 0 ? sprintf("%.3f", cpu / (d / 1e6)) : "-"
        printf fmt, c, m, d, kv(line, "drops"), sprintf("%.3f", wall), slow, sprintf("%.3f", cpu), sprintf("%.3f", span), eps, cpm, nz
      }
    }' "$1"
}

# bench_ratio KIND FILE NUM_CONSUMER DEN_CONSUMER MODE: prints one number.
#   cpu-per-mev: (NUM cpu_s per M events) / (DEN cpu_s per M events), 0 unless both
#                delivered > 0 with drops == 0
#   events-per-s: (NUM events/s) / (DEN events/s), 0 unless both have span > 0
bench_ratio() {
  awk -v kind="$1" -v a="$3" -v b="$4" -v mode="$5" '
    function kv(line, key,   s, i) {
      s = " " line " "; i = index(s, " " key "=")
      if (!i) return ""
      s = substr(s, i + length(key) + 2)
      return substr(s, 1, index(s, " ") - 1)
    }
    /^RESULT / && kv($0, "mode") == mode {
      c = kv($0, "consumer")
      if (c != a && c != b) next
      seen[c] = 1
      d[c] = kv($0, "delivered") + 0; dr[c] = kv($0, "drops") + 0
      cpu[c] = kv($0, "consumer_cpu_s") + 0; span[c] = kv($0, "span_s") + 0
    }
    END {
      r = 0
      if (seen[a] && seen[b]) {
        if (kind == "cpu-per-mev") {
          if (dr[a] == 0 && dr[b] == 0 && d[a] > 0 && d[b] > 0 && cpu[b] > 0)
            r = (cpu[a] / d[a]) / (cpu[b] / d[b])
        } else if (kind == "events-per-s") {
          if (span[a] > 0 && span[b] > 0 && d[b] > 0)
            r = (d[a] / span[a]) / (d[b] / span[b])
        }
      }
      printf "%s\n", (r == 0 ? "0" : sprintf("%.4g", r))
    }' "$2"
}
