# The table and the RATIO/TARGET lines of `bench/run startup` (suite_startup.sh), from its
# results file: STARTUP lines (one per run of a row) and DAEMON lines.
#   awk -f startup_report.awk -v part=table|ratios RESULTS
# A row's figure is the median over its runs that succeeded; a row none of whose runs succeeded
# prints `failed` and no figure. Targets are those of issue 17.

function kv(line, key,   s, i) {
  s = " " line " "; i = index(s, " " key "=")
  if (!i) return ""
  s = substr(s, i + length(key) + 2)
  return substr(s, 1, index(s, " ") - 1)
}

# median of the n values in a[1..n] (sorts a)
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function row_median(row, key,   n, i, a) {
  n = 0
  for (i = 1; i <= ok[row]; i++) a[++n] = val[row, key, i]
  return n ? median(a, n) : ""
}

function row_range(row, key,   i, lo, hi, v) {
  for (i = 1; i <= ok[row]; i++) {
    v = val[row, key, i]
    if (i == 1 || v < lo) lo = v
    if (i == 1 || v > hi) hi = v
  }
  return ok[row] ? sprintf("%s-%s", lo, hi) : "-"
}

# x + 0: a figure read from a line is a string, and awk would compare it as text ("77.4" > "100").
function verdict(x, target) { return x + 0 <= target ? "ok" : "over" }

BEGIN {
  first_target["nohandler", "standalone"] = 2; first_target["js", "standalone"] = 3
  first_target["python", "standalone"] = 8
  first_target["nohandler", "service"] = 0.5; first_target["js", "service"] = 0.5
  first_target["python", "service"] = 0.5
  rss_target["nohandler", "standalone"] = 1.2; rss_target["js", "standalone"] = 2
  rss_target["python", "standalone"] = 2.5
}

/^STARTUP / {
  row = kv($0, "consumer") " " kv($0, "path")
  if (!(row in seen)) { seen[row] = 1; order[++rows] = row }
  if (kv($0, "skipped") != "") { skipped[row] = kv($0, "skipped"); next }
  runs[row]++
  if (kv($0, "failed") != "" || kv($0, "first_event_s") == "") { failed[row]++; next }
  ok[row]++
  val[row, "first", ok[row]] = kv($0, "first_event_s") + 0
  val[row, "rss", ok[row]] = kv($0, "peak_rss_mb") + 0
  val[row, "cpu", ok[row]] = kv($0, "cpu_to_first_s") + 0
  val[row, "noise", ok[row]] = kv($0, "noise") + 0
  val[row, "load", ok[row]] = kv($0, "load") + 0
  procs[row] = kv($0, "procs")
  next
}

/^DAEMON / {
  if (kv($0, "failed") != "") { daemon_failed = kv($0, "failed"); next }
  daemon_load = kv($0, "load"); daemon_noise = kv($0, "noise")
  if (kv($0, "idle_start_mb") != "") { idle_start = kv($0, "idle_start_mb"); fds_start = kv($0, "fds") }
  if (kv($0, "idle_after_cycles_mb") != "") {
    idle_after = kv($0, "idle_after_cycles_mb"); cycles = kv($0, "cycles"); fds_after = kv($0, "fds")
  }
  if (kv($0, "idle_after_renewal_mb") != "") {
    idle_renewed = kv($0, "idle_after_renewal_mb"); fds_renewed = kv($0, "fds"); renewed_within = kv($0, "renewed_within_s")
    renew_after = kv($0, "renew_after")
  }
  if (kv($0, "per_tracer_mb") != "") {
    per_tracer[kv($0, "language")] = kv($0, "per_tracer_mb"); per_tracer_n = kv($0, "n"); per_tracer_more = kv($0, "more")
    first_tracers[kv($0, "language")] = kv($0, "first_n_per_tracer_mb")
  }
  if (kv($0, "per_tracer_after_gc_mb") != "") {
    per_tracer_gc[kv($0, "language")] = kv($0, "per_tracer_after_gc_mb")
    first_tracers_gc[kv($0, "language")] = kv($0, "first_n_per_tracer_after_gc_mb")
  }
  if (kv($0, "per_tracer_live_heap_mb") != "") {
    per_tracer_live[kv($0, "language")] = kv($0, "per_tracer_live_heap_mb")
    first_tracers_live[kv($0, "language")] = kv($0, "first_n_per_tracer_live_heap_mb")
  }
  if (kv($0, "deploy_p50_ms") != "") {
    l = kv($0, "language"); deploy_p50[l] = kv($0, "deploy_p50_ms"); deploy_n[l] = kv($0, "n")
    if (!(l in deploy_seen)) { deploy_seen[l] = 1; deploy_order[++deploys] = l }
  }
  daemon_seen = 1
}

END {
  if (part == "table") table(); else ratios()
}

function table(   i, row, fmt) {
  fmt = "%-22s %5s %14s %-15s %8s %12s %-13s %6s %5s  %s\n"
  printf fmt, "row", "runs", "first_event_s", "(range)", "cpu_s", "peak_rss_mb", "(range)", "noise", "load", "processes"
  for (i = 1; i <= rows; i++) {
    row = order[i]
    if (row in skipped) { printf "%-22s skipped: %s\n", row, skipped[row] == "no-local-service" ? "no local service" : skipped[row]; continue }
    if (!ok[row]) { printf "%-22s failed (%d of %d runs; see bench/target/logs/startup-*)\n", row, failed[row], runs[row]; continue }
    printf fmt, row, ok[row] "/" runs[row], sprintf("%.3f", row_median(row, "first")), row_range(row, "first"),
      sprintf("%.2f", row_median(row, "cpu")), sprintf("%.1f", row_median(row, "rss")), row_range(row, "rss"),
      sprintf("%.2f", row_median(row, "noise")), sprintf("%.1f", row_median(row, "load")), procs[row]
  }
  if (!daemon_seen && daemon_failed == "") return
  print ""
  if (daemon_failed != "") { printf "daemon                 failed (%s; see bench/target/logs/startup-daemon.memory.err)\n", daemon_failed; return }
  printf "daemon idle RSS after start            %8.1f MB  (%s fds)\n", idle_start, fds_start
  printf "daemon idle RSS after %3d cycles       %8.1f MB  (%s fds; 20 s idle, before the renewal)\n", cycles, idle_after, fds_after
  if (idle_renewed != "")
    printf "  then renewed in place                %8.1f MB  (%s fds; within %s s of the last request, --renew-after %s)\n", idle_renewed, fds_renewed, renewed_within, renew_after
  printf "daemon RSS per deployed JS tracer      %8.1f MB  (%s more beside %s; the first %s from idle: %.1f MB each)\n",
    per_tracer_gc["js"], per_tracer_more, per_tracer_n, per_tracer_n, first_tracers_gc["js"]
  printf "daemon RSS per deployed Python tracer  %8.1f MB  (%s more beside %s; the first %s from idle: %.1f MB each)\n",
    per_tracer_gc["python"], per_tracer_more, per_tracer_n, per_tracer_n, first_tracers_gc["python"]
  printf "  (each state right after a full collection; idle as found, before it: JS %.1f / %.1f, Python %.1f / %.1f MB)\n",
    per_tracer["js"], first_tracers["js"], per_tracer["python"], first_tracers["python"]
  if ("python" in per_tracer_live)
    printf "  (live Java heap per tracer, the same states: JS %.1f / %.1f, Python %.1f / %.1f MB)\n",
      per_tracer_live["js"], first_tracers_live["js"], per_tracer_live["python"], first_tracers_live["python"]
  for (i = 1; i <= deploys; i++)
    printf "daemon warm deploy p50, %-14s %8.1f ms  (n=%s)\n", deploy_order[i], deploy_p50[deploy_order[i]], deploy_n[deploy_order[i]]
  printf "daemon noise %s, load %s\n", daemon_noise, daemon_load
}

function ratios(   i, row, v, p, bt_first, bt_rss, x, t) {
  bt_first = ok["bpftrace standalone"] ? row_median("bpftrace standalone", "first") : 0
  bt_rss = ok["bpftrace standalone"] ? row_median("bpftrace standalone", "rss") : 0
  for (i = 1; i <= rows; i++) {
    row = order[i]; split(row, part2, " "); v = part2[1]; p = part2[2]
    if (v == "bpftrace") continue
    if (row in skipped) {
      printf "RATIO first-event %s %s skipped: no local service\n", v, p
      continue
    }
    if (!ok[row] || !bt_first) {
      printf "RATIO first-event %s %s failed\n", v, p
      printf "RATIO rss %s %s failed\n", v, p
      continue
    }
    x = row_median(row, "first") / bt_first
    if ((v, p) in first_target) { t = first_target[v, p]; printf "RATIO first-event %s %s %.2f target<=%s %s\n", v, p, x, t, verdict(x, t) }
    else printf "RATIO first-event %s %s %.2f\n", v, p, x
    if (row_median("bpftrace standalone", "cpu") > 0)
      printf "RATIO cpu-to-first-event %s %s %.2f\n", v, p, row_median(row, "cpu") / row_median("bpftrace standalone", "cpu")
    x = row_median(row, "rss") / bt_rss
    if ((v, p) in rss_target) { t = rss_target[v, p]; printf "RATIO rss %s %s %.2f target<=%s %s\n", v, p, x, t, verdict(x, t) }
    else printf "RATIO rss %s %s %.2f\n", v, p, x
  }
  if (!daemon_seen) return
  if (daemon_failed != "") { print "TARGET daemon failed"; return }
  printf "TARGET daemon-idle-mb %.1f target<=200 %s\n", idle_start, verdict(idle_start, 200)
  # Back within 10 % of idle: once the daemon renewed itself in place (--renew-after 2m here, 10m by
  # default, with nothing deployed); before that, 20 s after the cycles, it still holds the languages.
  if (idle_renewed != "")
    printf "TARGET daemon-idle-after-cycles %.2fx target<=1.10x %s (renewed in place within %s s, --renew-after %s; 20 s after the cycles: %.2fx)\n", idle_renewed / idle_start, verdict(idle_renewed / idle_start, 1.10), renewed_within, renew_after, idle_after / idle_start
  else
    printf "TARGET daemon-idle-after-cycles %.2fx target<=1.10x %s (no renewal seen)\n", idle_after / idle_start, verdict(idle_after / idle_start, 1.10)
  # Per tracer: RSS right after a full collection in each state, i.e. what the tracers hold; the
  # figures as found (garbage and G1's committed heap at that moment) swing by tens of MB a run.
  printf "TARGET daemon-per-js-tracer-mb %.1f target<=10 %s\n", per_tracer_gc["js"], verdict(per_tracer_gc["js"], 10)
  printf "TARGET daemon-per-python-tracer-mb %.1f target<=25 %s\n", per_tracer_gc["python"], verdict(per_tracer_gc["python"], 25)
  printf "TARGET daemon-first-js-tracers-mb %.1f target<=10 %s\n", first_tracers_gc["js"], verdict(first_tracers_gc["js"], 10)
  printf "TARGET daemon-first-python-tracers-mb %.1f target<=25 %s\n", first_tracers_gc["python"], verdict(first_tracers_gc["python"], 25)
  printf "TARGET deploy-p50-python-ms %.1f target<=100 %s\n", deploy_p50["python"], verdict(deploy_p50["python"], 100)
}
