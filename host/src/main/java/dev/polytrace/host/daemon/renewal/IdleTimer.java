package dev.polytrace.host.daemon.renewal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a daemon is due to renew: nothing has run for the whole idle time (no tracer, no local
 * client, no HTTP request begun or under way) and there is something to give back (a handler
 * language was loaded). Any activity starts the idle time again.
 */
final class IdleTimer {
    private final long idleNanos;
    private final LongSupplier nanoClock;
    private long idleSince;
    private long requestsSeen;

    IdleTimer(Duration idle, LongSupplier nanoClock, long requestsSoFar) {
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
        this.idleSince = nanoClock.getAsLong();
        this.requestsSeen = requestsSoFar;
    }

    /**
     * Called every second or so with what the daemon is doing now.
     *
     * @param busy a tracer is deployed, a local client is connected or a request is under way
     * @param requestsBegun the HTTP requests begun since the start
     * @param somethingToGiveBack a handler language was loaded
     */
    boolean due(boolean busy, long requestsBegun, boolean somethingToGiveBack) {
        long now = nanoClock.getAsLong();
        if (busy || requestsBegun != requestsSeen) {
            requestsSeen = requestsBegun;
            idleSince = now;
            return false;
        }
        return somethingToGiveBack && now - idleSince >= idleNanos;
    }

    /** A renewal that could not go ahead: wait the whole idle time again. */
    void restart() {
        idleSince = nanoClock.getAsLong();
    }
}
