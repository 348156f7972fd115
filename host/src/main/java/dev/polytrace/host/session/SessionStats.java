package dev.polytrace.host.session;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a running session, read by the CLI at exit, the REPL's :stats and the daemon. */
public final class SessionStats {
    final LongAdder events = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder decodeErrors = new LongAdder();
    final LongAdder sampleErrors = new LongAdder();
    private final long startNanos = System.nanoTime();

    public long events() {
        return events.sum();
    }

    /** Records read from the kernel that the host's filters then dropped ({@code --pid} etc. without polytrace.h). */
    public long filtered() {
        return filtered.sum();
    }

    public long lost() {
        return lost.sum();
    }

    public long decodeErrors() {
        return decodeErrors.sum();
    }

    public long sampleErrors() {
        return sampleErrors.sum();
    }

    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
