package dev.polytrace.host.repl;

import dev.polytrace.host.maps.TextTable;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.session.SessionStats;
import java.util.Locale;

/**
 * {@code :stats}: how many events the tracer produced and how fast (overall, and since the
 * previous {@code :stats}), what was lost on the way, and how the handler is doing.
 */
final class StatsReport {
    private LoadedTracer measured;
    private long lastEvents;
    private long lastNanos;

    String render(LoadedTracer tracer) {
        SessionStats stats = tracer.stats();
        long events = stats.events();
        long now = System.nanoTime();
        TextTable table = new TextTable("", "");
        String rate = rate(events, stats.uptimeSeconds()) + " overall";
        if (measured == tracer && now > lastNanos) {
            rate = rate(events - lastEvents, (now - lastNanos) / 1e9) + " since the last :stats, " + rate;
        }
        table.row("events", events + " (" + rate + ")");
        table.row("lost", stats.lost() + " by the kernel side, " + stats.decodeErrors() + " undecodable");
        EventRing ring = tracer.events();
        table.row("buffer", ring.size() + " of " + ring.capacity() + " kept, " + ring.overwritten() + " overwritten");
        tracer.handler().ifPresent(h -> table.row("handler", handler(tracer.handlerFile(), h.report())));
        table.row("uptime", String.format(Locale.ROOT, "%.1f s", stats.uptimeSeconds()));
        measured = tracer;
        lastEvents = events;
        lastNanos = now;
        return table.render().lines().skip(1).map(l -> l + "\n").reduce("", String::concat);
    }

    private static String handler(String file, HandlerReport r) {
        StringBuilder line = new StringBuilder(file).append(": ")
                .append(r.received()).append(" received, ")
                .append(r.handled()).append(" handled, ")
                .append(r.failed()).append(" failed, ")
                .append(r.ignored() > 0 ? r.ignored() + " ignored (no onEvent), " : "")
                .append(r.dropped()).append(" dropped (queue full), ")
                .append(r.errors()).append(r.errors() == 1 ? " error" : " errors");
        if (r.firstError() != null) {
            line.append(" (first: ").append(r.firstError()).append(')');
        }
        if (r.stopCause() != null) {
            line.append("; stopped: ").append(r.stopCause());
        }
        return line.toString();
    }

    private static String rate(long events, double seconds) {
        return String.format(Locale.ROOT, "%.1f/s", seconds > 0 ? events / seconds : 0.0);
    }
}
