package dev.polytrace.host.script;

import dev.polytrace.host.session.EventSink;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the output about events the handler queue had no room for, per stream, like kernel-side
 * losses: each call reports what was dropped since the previous one.
 */
final class DropReporter {
    private final HandlerStats stats;
    private final EventSink output;
    private final Map<String, Long> reported = new HashMap<>();
    private long reportedTotal;

    DropReporter(HandlerStats stats, EventSink output) {
        this.stats = stats;
        this.output = output;
    }

    synchronized void report() {
        long total = stats.dropped();
        if (total == reportedTotal) {
            return;
        }
        reportedTotal = total;
        stats.droppedByStream().forEach((stream, count) -> {
            long before = reported.getOrDefault(stream, 0L);
            if (count > before) {
                reported.put(stream, count);
                output.onLost(stream + " (handler queue full)", count - before);
            }
        });
    }
}
