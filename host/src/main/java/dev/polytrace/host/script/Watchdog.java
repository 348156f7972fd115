package dev.polytrace.host.script;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * Interrupts a guest call that runs past its budget. The handler thread marks each call (and each
 * event inside a batch) with {@link #begin}; this thread checks the clock on a short tick and calls
 * {@link Context#interrupt}, which stops the guest within milliseconds and keeps the context usable.
 * If the guest cannot be interrupted (stuck outside guest code), the context is cancelled.
 *
 * <p>It must be its own thread: {@code interrupt} waits for the guest to unwind, so the thread
 * running the guest cannot call it.
 */
final class Watchdog implements AutoCloseable {
    private static final long MAX_TICK_NANOS = 50_000_000L;
    private static final long MIN_TICK_NANOS = 2_000_000L;
    /**
     * How stale a guest loop may let the progress it reports get (see {@link #watch(Context, long[])}): half the
     * shortest tick, so between two looks at it every event that lasts longer has been reported.
     */
    static final long PROGRESS_QUANTUM_NANOS = MIN_TICK_NANOS / 2;

    private final Thread thread;
    private final WatchdogClock clock;
    private static final VarHandle CALL_START;

    static {
        try {
            CALL_START = MethodHandles.lookup().findVarHandle(Watchdog.class, "callStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Context context;
    private volatile long[] progress; // progress[0]: index of the event a guest loop is at
    private volatile long callStart;   // clock time the running call started, 0 when idle
    private volatile long budgetNanos; // of the running call, 0 for no limit
    private volatile long callThreadId;
    private volatile long allocatedAtCallStart; // bytes the calling thread had allocated when the call began
    private volatile boolean closed;
    private volatile boolean interrupting;
    private volatile boolean cancelling; // closing a context it cancelled (which goes on after the guest has left)
    private volatile String cancelReason;
    private volatile long interrupts;
    private volatile long cancels;

    /** Measuring budgets with {@code clock}: the system's, or a test's that moves only when the test says. */
    Watchdog(String threadName, WatchdogClock clock) {
        this.clock = clock;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The context the next calls run in (a new one after a hot swap). */
    void watch(Context newContext) {
        if (newContext != context) {
            cancelReason = null;
            this.context = newContext;
        }
    }

    /**
     * {@code closed} has been closed on the handler thread: once this thread has finished closing
     * it too (a cancel goes on disposing the context after the guest has left it), nothing here
     * keeps it reachable while the next context loads.
     */
    void forget(Context closed) {
        while (cancelling) {
            LockSupport.parkNanos(100_000L);
        }
        if (context == closed) {
            context = null;
        }
    }

    /**
     * As {@link #watch(Context)}, and a guest loop may mark the events it starts by writing their
     * index to {@code eventProgress[0]}: when this thread sees it change, the budget restarts, as
     * with {@link #restart} (a loop in the guest cannot call the host cheaply per event). A loop
     * may skip events shorter than {@link #PROGRESS_QUANTUM_NANOS}.
     */
    void watch(Context newContext, long[] eventProgress) {
        watch(newContext);
        this.progress = eventProgress;
    }

    /**
     * A guest call starts on the handler thread; {@code budget} of zero means unlimited. Waits
     * while an interrupt is still being delivered: {@code interrupt} goes on interrupting until no
     * thread runs in the context, so entering it again at once would be interrupted as well.
     */
    void begin(Duration budget) {
        while (interrupting) {
            LockSupport.parkNanos(100_000L);
        }
        budgetNanos = budget.toNanos();
        callThreadId = Thread.currentThread().threadId();
        allocatedAtCallStart = HeapGuard.allocatedByCurrentThread();
        callStart = now();
    }

    /** The next event of the same batch starts: its budget restarts. */
    void restart() {
        callStart = now();
    }

    /** The clock's time, never 0 (which marks no call in progress). */
    private long now() {
        long now = clock.nanoTime();
        return now == 0 ? 1 : now;
    }

    void end() {
        callStart = 0;
    }

    long interrupts() {
        return interrupts;
    }

    long cancels() {
        return cancels;
    }

    /** Checks now rather than at the next tick (the heap guard saw the heap fill up). */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Why the watchdog cancelled the context, or null if it did not. */
    String cancelReason() {
        return cancelReason;
    }

    /** When the call in progress started (on the watchdog's clock), or 0 between calls. */
    long callInProgressSince() {
        return callStart;
    }

    /** Bytes the call in progress has allocated so far (garbage included), or -1 if unknown or idle. */
    long allocatedByCallInProgress() {
        long start = callStart;
        long allocated = HeapGuard.allocatedByThread(callThreadId);
        long before = allocatedAtCallStart;
        if (start == 0 || allocated < 0 || before < 0 || callStart != start) {
            return -1;
        }
        return allocated - before;
    }

    private void run() {
        HeapGuard.watch(this);
        try {
            watchCalls();
        } finally {
            HeapGuard.unwatch(this);
        }
    }

    private void watchCalls() {
        long interruptedStart = 0;
        long lastProgress = Long.MIN_VALUE;
        while (!closed) {
            long budget = budgetNanos;
            clock.awaitNextLook(tick(budget));
            long start = callStart;
            long[] events = progress;
            if (start != 0 && events != null && events[0] != lastProgress) {
                // the guest moved on to another event since the last tick: its budget starts now
                lastProgress = events[0];
                long now = now();
                if (CALL_START.compareAndSet(this, start, now)) {
                    start = now;
                }
            }
            if (start != 0 && clock.nanoTime() - start > MIN_TICK_NANOS && cancelIfHeapIsFull(start)) {
                continue;
            }
            if (start == 0 || budget <= 0 || start == interruptedStart || clock.nanoTime() - start < budget) {
                continue;
            }
            interruptedStart = start;
            interrupting = true;
            try {
                if (callStart == start) { // not finished meanwhile (the handler thread waits for us now)
                    stop(context, budget, clock.interruptGrace(Duration.ofNanos(budget)));
                }
            } finally {
                interrupting = false;
            }
        }
    }

    /**
     * Interrupts the call; one that does not stop within {@code grace} (stuck outside guest code,
     * or unwinding a stack overflow) has its context cancelled, to be rebuilt.
     */
    private void stop(Context target, long budgetNanos, Duration grace) {
        if (target == null) {
            return;
        }
        interrupts++;
        try {
            target.interrupt(grace);
        } catch (TimeoutException e) {
            cancel(target, "it ran longer than " + budgetNanos / 1_000_000 + " ms and an interrupt did not stop it"
                    + " within " + grace.toMillis() + " ms");
        } catch (PolyglotException | IllegalStateException e) {
            // the context was closed meanwhile: nothing left to stop
        }
    }

    /** Cancels this context if the heap is critically full and this call allocated the most. */
    private boolean cancelIfHeapIsFull(long start) {
        String heap = HeapGuard.critical();
        if (heap == null || callStart != start || !HeapGuard.isCulprit(this)) {
            return false;
        }
        Context target = context;
        if (target != null && cancelReason == null) {
            cancel(target, heap);
            HeapGuard.cancelled();
        }
        return true;
    }

    /** Closes the context by force, counted and with the reason the handler's error will give. */
    private void cancel(Context target, String reason) {
        cancelReason = reason;
        cancels++;
        cancelling = true;
        try {
            target.close(true);
        } catch (PolyglotException | IllegalStateException e) {
            // already closed or dead: the goal is reached
        } finally {
            cancelling = false;
        }
    }

    private static long tick(long budget) {
        if (budget <= 0) {
            return MAX_TICK_NANOS;
        }
        return Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, budget / 4));
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(WatchdogClock.MAX_GRACE.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
