package dev.polytrace.host.script;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A watchdog clock that stands still until the test moves it: a call runs out of its budget only
 * when the test says, at a moment it knows which call is running, so a slow machine or a GC pause
 * never times out an innocent one. The watchdog still looks on its usual real-time tick; the clock
 * counts those looks, so that the test can wait until one has seen what it means it to see.
 */
final class ManualClock implements WatchdogClock {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static final long POLL_NANOS = 10_000_000L;

    private static final long START = 1_000_000_000L;

    private long now = START;
    private long looksEnded;
    private volatile Duration grace = HANG_GUARD;
    private Thread watchdog;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void awaitNextLook(long nanos) {
        synchronized (this) {
            watchdog = Thread.currentThread();
            looksEnded++;
            notifyAll();
        }
        LockSupport.parkNanos(nanos);
    }

    /**
     * An interrupt may take as long as the test says: by default a hang guard, so that a slow
     * machine never turns an interrupt into a cancel.
     */
    @Override
    public Duration interruptGrace(Duration budget) {
        return grace;
    }

    /** From now on an interrupt that has not stopped the call after {@code wait} (real time) becomes a cancel. */
    ManualClock withInterruptGrace(Duration wait) {
        this.grace = wait;
        return this;
    }

    /** How far the test has moved the clock. */
    synchronized Duration elapsed() {
        return Duration.ofNanos(now - START);
    }

    /**
     * The call in progress, which the test knows is running (it logged a marker, say), runs out
     * of {@code budget}: returns once the watchdog has interrupted it.
     */
    void runOut(Duration budget) {
        awaitLook(); // the watchdog knows which event the call is at, so its budget counts from now
        advance(budget);
    }

    /** Moves the time on, then waits until the watchdog has had a whole look at the new time. */
    void advance(Duration by) {
        synchronized (this) {
            now += by.toNanos();
        }
        awaitLook();
    }

    /**
     * Waits until the watchdog has looked at the call in progress from start to end since this
     * was called: it has seen how far the call reported it got, and acted on the time. Or until
     * it has ended, as it does when a failed load or the stop closes the handler.
     */
    synchronized void awaitLook() {
        long target = looksEnded + 2; // the look under way may have begun before: the next one is whole
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (looksEnded < target && (watchdog == null || watchdog.isAlive())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the watchdog stopped looking");
            }
            try {
                // a thread's end notifies nobody here: look at it now and then
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
