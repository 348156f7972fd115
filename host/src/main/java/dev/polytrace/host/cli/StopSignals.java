package dev.polytrace.host.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM for a foreground run: the first one asks the run to stop cleanly (final
 * print, detach, exit 0); a second Ctrl-C exits at once.
 */
final class StopSignals {
    private static volatile CountDownLatch current;
    private static final AtomicInteger INTERRUPTS = new AtomicInteger();
    private static boolean installed;

    private StopSignals() {
    }

    /** Routes the next signals to {@code latch}. */
    static synchronized void route(CountDownLatch latch) {
        current = latch;
        INTERRUPTS.set(0);
        if (!installed) {
            installed = true;
            try {
                Signal.handle(new Signal("INT"), s -> onSignal(true));
                Signal.handle(new Signal("TERM"), s -> onSignal(false));
            } catch (IllegalArgumentException e) {
                // signals already used by the JVM (e.g. -Xrs): shutdown hooks still detach
            }
        }
    }

    /** Stops the current run as a first Ctrl-C would (the REPL and tests use it). */
    static void requestStop() {
        CountDownLatch latch = current;
        if (latch != null) {
            latch.countDown();
        }
    }

    private static void onSignal(boolean interrupt) {
        if (interrupt && INTERRUPTS.incrementAndGet() > 1) {
            System.err.println("polytrace: forced exit");
            Runtime.getRuntime().halt(130);
        }
        CountDownLatch latch = current;
        if (latch != null) {
            latch.countDown();
        }
    }
}
