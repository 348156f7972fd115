package dev.polytrace.host.script;

import java.util.concurrent.locks.LockSupport;

/**
 * The time a {@link Watchdog} measures budgets in, and its wait between two looks at the call in
 * progress. The system's in a run; a test gives one it moves itself, so that only the call it
 * means to can run out of time however slow the machine is.
 */
interface WatchdogClock {
    WatchdogClock SYSTEM = System::nanoTime;

    /** Now, in nanoseconds from an arbitrary origin (as {@link System#nanoTime}). */
    long nanoTime();

    /** Waits about {@code nanos} before the watchdog's next look; {@link LockSupport#unpark} ends it early. */
    default void awaitNextLook(long nanos) {
        LockSupport.parkNanos(nanos);
    }
}
