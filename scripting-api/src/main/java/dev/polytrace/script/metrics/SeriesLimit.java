package dev.polytrace.script.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many series (label combinations, over every metric) may exist at once: one limit per
 * tracer, whose parent is the daemon's, shared by all its tracers. A series that would pass either
 * is not created: what the handler records into it is dropped, and counted here, so that a
 * handler labelling by data cannot make {@code /metrics} (or the heap) grow without bound.
 */
public final class SeriesLimit {
    /** Series one tracer may hold. */
    public static final long DEFAULT_PER_TRACER = 20_000;
    /** Series all the tracers of a daemon may hold together: {@code /metrics} stays tens of MB at most. */
    public static final long DEFAULT_PER_DAEMON = 200_000;

    private final long max;
    private final SeriesLimit parent;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder droppedHere = new LongAdder();
    private final LongAdder droppedAbove = new LongAdder();

    /** A limit of {@code max} series, within {@code parent}'s (null for none). */
    public SeriesLimit(long max, SeriesLimit parent) {
        if (max < 1) {
            throw new IllegalArgumentException("a series limit must be at least 1, got " + max);
        }
        this.max = max;
        this.parent = parent;
    }

    /** A tracer's limit, {@link #DEFAULT_PER_TRACER}, with no limit above it. */
    public static SeriesLimit perTracer() {
        return new SeriesLimit(DEFAULT_PER_TRACER, null);
    }

    /**
     * Room for one more series, here and above; false when there is none (counted as dropped, by
     * this limit or by the one above).
     */
    boolean tryTake() {
        if (!take()) {
            droppedHere.increment();
            return false;
        }
        if (parent != null && !parent.tryTake()) {
            used.decrementAndGet();
            droppedAbove.increment();
            return false;
        }
        return true;
    }

    private boolean take() {
        long now;
        do {
            now = used.get();
            if (now >= max) {
                return false;
            }
        } while (!used.compareAndSet(now, now + 1));
        return true;
    }

    /** {@code n} series are gone (their registry was cleared): their room goes back, here and above. */
    void release(long n) {
        used.addAndGet(-n);
        if (parent != null) {
            parent.release(n);
        }
    }

    public long max() {
        return max;
    }

    /** Series held now. */
    public long used() {
        return used.get();
    }

    /** Series not created because this limit was reached. */
    public long droppedHere() {
        return droppedHere.sum();
    }

    /** Series not created because the limit above (the daemon's) was reached. */
    public long droppedAbove() {
        return droppedAbove.sum();
    }
}
