package dev.polytrace.host.daemon;

import dev.polytrace.host.rules.CompiledRule;
import dev.polytrace.host.rules.TracerRules;
import dev.polytrace.host.rules.WebhookSender;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.session.SessionStats;
import dev.polytrace.script.metrics.Counter;
import dev.polytrace.script.metrics.Gauge;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.metrics.SeriesLimit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /metrics}: the daemon's own series per tracer (events, losses, drops, handler errors,
 * alerts per rule and priority)
 * followed by every metric the tracers' handlers defined, each labelled {@code tracer} and
 * {@code id}. Built at scrape time from the live counters, so nothing is kept between scrapes.
 */
final class HostMetrics {
    private static final List<String> LABELS = List.of("tracer", "id");

    private HostMetrics() {
    }

    static String exposition(Collection<DeployedTracer> tracers) {
        int rules = tracers.stream().mapToInt(t -> t.rules().alertCounts().size()).sum();
        MetricsRegistry host = new MetricsRegistry("", java.util.Map.of(),
                Math.max(2 * tracers.size() + TracerState.values().length, rules));
        Gauge count = host.gauge("polytrace_tracers", "Deployed tracers by state.", List.of("state"));
        Gauge up = host.gauge("polytrace_tracer_up", "1 while the tracer runs, 0 when it failed or stopped.", LABELS);
        Counter events = host.counter("polytrace_events_total", "Records read from the tracer's event streams.",
                LABELS);
        Counter lost = host.counter("polytrace_events_lost_total",
                "Records the kernel could not deliver (ring or perf buffer full).", LABELS);
        Counter dropped = host.counter("polytrace_events_dropped_total",
                "Records dropped because the handler's queue was full.", LABELS);
        Counter decodeErrors = host.counter("polytrace_decode_errors_total",
                "Records that could not be decoded through BTF.", LABELS);
        Counter handled = host.counter("polytrace_handler_events_total", "Records passed to the handler.", LABELS);
        Counter handlerErrors = host.counter("polytrace_handler_errors_total",
                "Handler failures: exceptions and timeouts in any handler call.", LABELS);
        Counter handlerSeconds = host.counter("polytrace_handler_seconds_total",
                "Seconds the handler spent handling events.", LABELS);
        Gauge uptime = host.gauge("polytrace_tracer_uptime_seconds", "Seconds since the tracer was attached.", LABELS);
        Gauge series = host.gauge("polytrace_metric_series", "Series the tracer's handler metrics hold.", LABELS);
        Counter seriesDropped = host.counter("polytrace_metric_series_dropped_total",
                "Updates of handler metrics dropped because they would have made a new series past a series"
                        + " limit: the tracer's own, or the daemon's over all tracers.", List.of("tracer", "id", "limit"));
        Counter alerts = host.counter("polytrace_alerts_total", "Alerts raised by the tracer's rules.",
                List.of("tracer", "id", "rule", "priority"));
        Counter ruleErrors = host.counter("polytrace_rule_errors_total",
                "Rule evaluations that failed (a missing field, the cost limit) and so raised no alert.",
                List.of("tracer", "id", "rule"));
        Counter webhookFailed = host.counter("polytrace_alert_webhook_failed_total",
                "Alerts a webhook did not take after every retry.", LABELS);
        Counter webhookDropped = host.counter("polytrace_alert_webhook_dropped_total",
                "Alerts dropped because a webhook's queue was full.", LABELS);
        for (TracerState state : TracerState.values()) {
            count.set(List.of(state.label()), tracers.stream().filter(t -> t.state() == state).count());
        }
        List<MetricsRegistry> all = new ArrayList<>();
        all.add(host);
        for (DeployedTracer t : tracers) {
            List<String> labels = List.of(t.name(), t.id());
            up.set(labels, t.state() == TracerState.RUNNING ? 1 : 0);
            Optional<SessionStats> s = t.running().map(running -> running.stats());
            events.inc(labels, s.map(SessionStats::events).orElse(0L));
            lost.inc(labels, s.map(SessionStats::lost).orElse(0L));
            decodeErrors.inc(labels, s.map(SessionStats::decodeErrors).orElse(0L));
            uptime.set(labels, t.state() == TracerState.RUNNING ? s.map(SessionStats::uptimeSeconds).orElse(0.0) : 0);
            Optional<HandlerReport> h = t.handlerReport();
            dropped.inc(labels, h.map(HandlerReport::dropped).orElse(0L));
            handled.inc(labels, h.map(HandlerReport::handled).orElse(0L));
            handlerErrors.inc(labels, h.map(HandlerReport::errors).orElse(0L));
            handlerSeconds.inc(labels, h.map(r -> r.busyNanos() / 1e9).orElse(0.0));
            SeriesLimit limit = t.metrics().seriesLimit();
            series.set(labels, limit.used());
            seriesDropped.inc(List.of(t.name(), t.id(), "tracer"), limit.droppedHere());
            seriesDropped.inc(List.of(t.name(), t.id(), "daemon"), limit.droppedAbove());
            alerts(t, alerts, ruleErrors, webhookFailed, webhookDropped);
            all.add(t.metrics());
        }
        return MetricsRegistry.exposition(all);
    }

    private static void alerts(DeployedTracer t, Counter alerts, Counter errors, Counter webhookFailed,
                               Counter webhookDropped) {
        TracerRules rules = t.rules();
        if (rules.isEmpty()) {
            return;
        }
        for (var e : rules.alertCounts().entrySet()) {
            CompiledRule rule = e.getKey();
            alerts.inc(List.of(t.name(), t.id(), rule.name(), rule.priority().label()), e.getValue());
            errors.inc(List.of(t.name(), t.id(), rule.name()), rules.errorCounts().getOrDefault(rule.name(), 0L));
        }
        List<String> labels = List.of(t.name(), t.id());
        webhookFailed.inc(labels, rules.webhooks().stream().mapToLong(WebhookSender::failed).sum());
        webhookDropped.inc(labels, rules.webhooks().stream().mapToLong(WebhookSender::dropped).sum());
    }
}
