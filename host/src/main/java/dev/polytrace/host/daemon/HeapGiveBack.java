package dev.polytrace.host.daemon;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Hands the Java heap that tracers which went away used back to the system: one full collection
 * once no tracer has come or gone for {@link #QUIET}. G1's periodic collection (the launcher sets
 * it for serve) is concurrent, which frees regions but leaves the heap committed at its peak; only
 * a full collection compacts, and the heap then shrinks to {@code MaxHeapFreeRatio}. It runs once
 * per quiet spell and never while tracers only come, so a daemon under steady use never pauses
 * for it.
 */
public final class HeapGiveBack {
    static final Duration QUIET = Duration.ofSeconds(10);

    private final LongSupplier nanoClock;
    private final Runnable fullCollection;
    private boolean pending;
    private long dueAt;

    HeapGiveBack(LongSupplier nanoClock, Runnable fullCollection) {
        this.nanoClock = nanoClock;
        this.fullCollection = fullCollection;
    }

    /** {@code System.gc()}: a full, compacting collection with G1 (the launcher never makes it concurrent). */
    static HeapGiveBack forThisProcess() {
        return new HeapGiveBack(System::nanoTime, System::gc);
    }

    /** A tracer, or a local client's run, ended: give back what it held once things are quiet. */
    public synchronized void tracerGone() {
        pending = true;
        dueAt = nanoClock.getAsLong() + QUIET.toNanos();
    }

    /** A tracer started: a give-back still waiting waits for quiet again. */
    public synchronized void tracerCame() {
        if (pending) {
            dueAt = nanoClock.getAsLong() + QUIET.toNanos();
        }
    }

    /** Called every second or so; runs the collection when it is due (on the caller's thread). */
    void tick() {
        synchronized (this) {
            if (!pending || nanoClock.getAsLong() - dueAt < 0) {
                return;
            }
            pending = false;
        }
        fullCollection.run();
    }
}
