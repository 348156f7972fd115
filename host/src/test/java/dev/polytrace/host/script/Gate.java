package dev.polytrace.host.script;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where a handler's thread stops until the test lets it on: the test then knows where the handler
 * is, and decides how long it stays there. Closing it lets every thread through for good, so a
 * failing test does not leave the handler stuck.
 */
final class Gate implements AutoCloseable {
    private static final long HANG_GUARD_SECONDS = 60;

    private final Semaphore arrivals = new Semaphore(0);
    private final Semaphore passes = new Semaphore(0);

    /** On the handler's thread: says it is here and waits to be let through. */
    void stopHere() {
        arrivals.release();
        passes.acquireUninterruptibly();
    }

    /** Waits until a thread has arrived at the gate (one arrival per call). */
    void awaitArrival() {
        try {
            if (!arrivals.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("nothing arrived at the gate within " + HANG_GUARD_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Lets one waiting (or the next arriving) thread through. */
    void letOneThrough() {
        passes.release();
    }

    @Override
    public void close() {
        passes.release(Integer.MAX_VALUE / 2);
    }
}
