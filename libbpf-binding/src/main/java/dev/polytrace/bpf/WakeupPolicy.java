package dev.polytrace.bpf;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link RingBufferReader} goes back to sleeping in epoll after it found records.
 *
 * <p>The kernel wakes a ring buffer's reader whenever a record is committed at the position the
 * reader has consumed up to, i.e. whenever the reader had caught up. A reader that returns to
 * epoll after every read is therefore woken for nearly every record while it keeps up, and each
 * wake-up (an irq_work on the producing CPU, then waking the reader's thread on another CPU) is
 * paid by the traced program. A batching policy instead sleeps a bounded time after a read that
 * found records and reads again; only the first record after each read triggers a wake-up, which
 * nobody is waiting for. Once a read finds nothing, the reader waits in epoll again, so an idle
 * ring costs nothing and the first record of a burst is delivered at once.
 *
 * <p>The pause is also bounded by the time the ring takes to fill a quarter at the rate just
 * seen, so a fast producer is read without pauses and does not overrun the ring.
 */
public final class WakeupPolicy {
    /**
     * Default maximum added latency while the ring is busy, chosen with {@code bench/run ringbuf}
     * (its README keeps the figures): it keeps nearly all of what batching saves over eager reads,
     * at a latency nobody notices.
     */
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(1);

    private static final WakeupPolicy EAGER = new WakeupPolicy(0);
    private static final WakeupPolicy DEFAULT = new WakeupPolicy(DEFAULT_MAX_LATENCY.toNanos());

    private final long maxLatencyNanos;

    private WakeupPolicy(long maxLatencyNanos) {
        this.maxLatencyNanos = maxLatencyNanos;
    }

    /** Back to epoll after every read: lowest latency, a kernel wake-up per record while keeping up. */
    public static WakeupPolicy eager() {
        return EAGER;
    }

    /** Pauses up to {@code maxLatency} after a read that found records (zero means {@link #eager()}). */
    public static WakeupPolicy batching(Duration maxLatency) {
        Objects.requireNonNull(maxLatency, "maxLatency");
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must not be negative: " + maxLatency);
        }
        return maxLatency.isZero() ? EAGER : new WakeupPolicy(maxLatency.toNanos());
    }

    /** {@link #batching(Duration)} with {@link #DEFAULT_MAX_LATENCY}. */
    public static WakeupPolicy defaultPolicy() {
        return DEFAULT;
    }

    public Duration maxLatency() {
        return Duration.ofNanos(maxLatencyNanos);
    }

    /**
     * How long to pause before the next read, given that the last read consumed
     * {@code bytesRead} bytes that had accumulated over {@code nanosSincePreviousRead}.
     */
    long pauseNanos(long bytesRead, long nanosSincePreviousRead, long capacity) {
        if (maxLatencyNanos == 0 || bytesRead <= 0) {
            return 0;
        }
        // Time to fill a quarter of the ring at the observed rate; doubles avoid overflow.
        double quarterFill = (capacity / 4.0) * Math.max(1, nanosSincePreviousRead) / bytesRead;
        return (long) Math.min(maxLatencyNanos, quarterFill);
    }

    /** The same policy with its pause capped at {@code maxPauseNanos} (eager stays eager). */
    WakeupPolicy withPauseAtMost(long maxPauseNanos) {
        return maxLatencyNanos <= maxPauseNanos ? this : new WakeupPolicy(maxPauseNanos);
    }

    @Override
    public String toString() {
        return maxLatencyNanos == 0 ? "eager" : "batching(max latency " + maxLatency() + ")";
    }
}
