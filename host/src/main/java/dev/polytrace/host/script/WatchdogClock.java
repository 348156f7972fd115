package dev.polytrace.host.script;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The time a {@link Watchdog} measures budgets in, its wait between two looks at the call in
 * progress, and how long it lets an interrupt take. The system's in a run; a test gives one it
 * moves itself, so that only the call it means to can run out of time however slow the machine is.
 */
interface WatchdogClock {
    WatchdogClock SYSTEM = System::nanoTime;

    /** The shortest interrupt grace: a GC pause or a busy CPU must not turn an interrupt into a cancel. */
    Duration MIN_GRACE = Duration.ofMillis(500);
    Duration MAX_GRACE = Duration.ofSeconds(2);

    /** Now, in nanoseconds from an arbitrary origin (as {@link System#nanoTime}). */
    long nanoTime();

    /** Waits about {@code nanos} before the watchdog's next look; {@link LockSupport#unpark} ends it early. */
    default void awaitNextLook(long nanos) {
        LockSupport.parkNanos(nanos);
    }

    /**
     * How long an interrupt of a call with {@code budget} may take before the context is
     * cancelled: half the budget, within [{@link #MIN_GRACE}, {@link #MAX_GRACE}]. A runaway call
     * is thus stopped within twice its budget, or its budget plus half a second when that is longer.
     */
    default Duration interruptGrace(Duration budget) {
        Duration half = budget.dividedBy(2);
        return half.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : half.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : half;
    }
}
