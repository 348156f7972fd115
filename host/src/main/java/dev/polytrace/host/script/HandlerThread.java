package dev.polytrace.host.script;

import dev.polytrace.host.system.StartPriority;
import dev.polytrace.host.system.StartupTrace;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread a handler's contexts run on (a context must not be entered by two threads).
 * Reader threads only {@link #offer} events into a bounded queue and never wait for the guest; this
 * thread drains the queue in batches, runs {@code onInterval} on time, and runs lifecycle tasks
 * (load, init, swap, finish) submitted from other threads.
 *
 * <p>A call of the loop (an event, {@code onInterval}) that leaves its context dead is followed by
 * a rebuild of the context, and the handler goes on; only under {@code onHandlerError: stop}, or
 * when the rebuild fails, does the handler stop.
 */
final class HandlerThread {
    private static final int FIRST_BATCH = 8;
    private static final long IDLE_WAIT_NANOS = 100_000_000L;
    /**
     * The thread's own stack size, whatever {@code -Xss} says (the launcher gives 8 MB): recursion
     * then overflows within a second in either language, as an ordinary error. With 8 MB, GraalPy
     * took seconds to unwind an overflow and could not be interrupted meanwhile.
     */
    static final long STACK_BYTES = 1 << 20;

    /** Replaces a dead context with a fresh load of the handler; throws why when it cannot. */
    interface Rebuild {
        void rebuild(HandlerException cause);
    }

    private enum State { IDLE, RUNNING, STOPPED, FINISHED }

    private final Thread thread;
    private final EventQueue queue;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final HandlerOptions options;
    private final HandlerStats stats;
    private final EventBatch batch;
    private final Consumer<HandlerException> onStop;
    private final Consumer<HandlerException> onError;
    private final Runnable afterBatch;
    private final Rebuild rebuild;
    private volatile HandlerScript script;
    private volatile State state = State.IDLE;
    private Object ctx;
    private long nextInterval;
    private int failuresInBatch; // events of the batch being dispatched whose onEvent failed
    private int ignoredInBatch;  // events of the batch taken by a handler without onEvent
    // A handler starts with small batches, doubled up to the batch size: what queued while it
    // started would otherwise be one full batch, run cold, before its first output.
    private int drainLimit;
    private boolean firstBatchHandled; // the run's start ends with it (StartupTrace, StartPriority)
    private HandlerException rebuildDue; // an event left the context dead: rebuild after the dispatch
    private boolean warmingUp;

    HandlerThread(String name, HandlerOptions options, HandlerStats stats, Watchdog watchdog,
                  Consumer<HandlerException> onError, Consumer<HandlerException> onStop, Runnable afterBatch,
                  Rebuild rebuild) {
        this.queue = new EventQueue(options.queueCapacity());
        this.options = options;
        this.stats = stats;
        this.batch = new EventBatch(options.batchSize(), watchdog);
        this.drainLimit = Math.min(FIRST_BATCH, options.batchSize());
        this.onError = onError;
        this.onStop = onStop;
        this.afterBatch = afterBatch;
        this.rebuild = rebuild;
        this.thread = new Thread(null, this::run, name, STACK_BYTES);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** From a reader thread: never blocks; false when the queue is full (the caller counts a drop). */
    boolean offer(QueuedEvent event) {
        return queue.offer(event);
    }

    /** Whether the queue has no room now, so a reader can drop an event before copying it. */
    boolean isFull() {
        return queue.isFull();
    }

    /** Runs {@code task} on this thread, between batches. */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        queue.wake();
        return result;
    }

    // ---- called on this thread, from tasks -------------------------------------------------

    HandlerScript script() {
        return script;
    }

    /** The {@code ctx} object the current script is called with. */
    Object context() {
        return ctx;
    }

    void install(HandlerScript newScript, Object newCtx) {
        this.script = newScript;
        this.ctx = newCtx;
    }

    /** Starts draining events: init has run. */
    void running() {
        state = State.RUNNING;
        nextInterval = System.nanoTime() + options.interval().toNanos();
    }

    boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Stops draining events until the next {@link #running()}; what is queued is discarded. */
    void pause() {
        state = State.IDLE;
        discardQueued();
    }

    /**
     * In a warm-up the records are synthetic: a handler error is expected, counted and nobody is
     * told; a fatal one pauses the thread instead of stopping the run.
     */
    void warmingUp(boolean on) {
        warmingUp = on;
    }

    /** The handler cannot or must not go on: later events are counted as unhandled. */
    void stop(HandlerException cause) {
        if (cause.isFatal() && script != null) {
            script.close(); // now: a context that ran out of memory must not keep what it allocated
        }
        if (state == State.RUNNING || state == State.IDLE) {
            state = State.STOPPED;
            stats.stopped(cause);
            onStop.accept(cause);
        }
    }

    /** Handles what is queued, up to {@code deadlineNanos}; the rest is counted as unhandled. */
    void drain(long deadlineNanos) {
        while (state == State.RUNNING && !queue.isEmpty() && System.nanoTime() < deadlineNanos) {
            handleBatch(0);
        }
        discardQueued();
    }

    /** The thread ends after the current task. */
    void finished() {
        state = State.FINISHED;
    }

    // ---- the loop ---------------------------------------------------------------------------

    private void run() {
        while (state != State.FINISHED) {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
            } else if (state == State.RUNNING) {
                try {
                    handleBatch(waitNanos());
                    runIntervalIfDue();
                } catch (RuntimeException | Error e) {
                    // A bug or out-of-memory in host code here must not end the thread silently.
                    callFailed(GuestErrors.hostFailure(script.fileName(), "handling events", e));
                }
            } else {
                if (state == State.STOPPED) {
                    discardQueued();
                }
                awaitTask();
            }
        }
        discardQueued();
    }

    private void handleBatch(long waitNanos) {
        List<QueuedEvent> events = batch.events();
        batch.clear();
        if (queue.awaitAndDrainTo(events, drainLimit, waitNanos) == 0) {
            return;
        }
        drainLimit = Math.min(options.batchSize(), drainLimit * 2);
        long start = System.nanoTime(); // per batch, not per event: two clock reads for up to 256 events
        failuresInBatch = 0;
        ignoredInBatch = 0;
        if (StartupTrace.ON && !firstBatchHandled) {
            StartupTrace.mark("first batch reached the handler");
        }
        int done = dispatchBatch();
        if (!firstBatchHandled) {
            firstBatchHandled = true;
            StartupTrace.mark("first batch handled");
            StartPriority.startDone();
            HandlerScript current = script;
            if (current != null) {
                current.started(); // the daemon's next spare context may be built now
            }
        }
        stats.busyNanos.add(System.nanoTime() - start);
        stats.ignored.add(ignoredInBatch);
        // A failed event was passed on but not handled; a failure outside any event (rare) makes this low, never high.
        stats.handled.add(Math.max(0, done - failuresInBatch - ignoredInBatch));
        stats.unhandled.add(events.size() - done);
        batch.clear();
        afterBatch.run();
    }

    /** Hands the batch to the handler; after a rebuild, the rebuilt handler takes the rest of it. */
    private int dispatchBatch() {
        int done = 0;
        boolean rebuilt;
        do {
            if (!script.handlesEvents()) {
                ignoredInBatch += batch.size() - done;
                return batch.size();
            }
            done = script.dispatch(batch, done, ctx, this::eventFailed);
            rebuilt = rebuildIfDue();
        } while (done < batch.size() && rebuilt && state == State.RUNNING);
        return done;
    }

    /**
     * An event left the context dead: the loop stops there, and the context is rebuilt once the
     * dispatch has returned. Rebuilding from inside it would keep the dead module's values (its
     * {@code onEvent}, whose globals hold what it allocated) reachable from the frames below
     * while the fresh context loads, which after a heap-guard stop left too little heap to load it.
     */
    private boolean eventFailed(HandlerException e) {
        stats.failedEvents.increment();
        failuresInBatch++;
        if (!rebuildsAfter(e)) {
            return failed(e);
        }
        stats.error(e);
        onError.accept(e);
        rebuildDue = e;
        return false;
    }

    /** Rebuilds the context an event left dead; whether it did (false also when none was due). */
    private boolean rebuildIfDue() {
        HandlerException cause = rebuildDue;
        if (cause == null) {
            return false;
        }
        rebuildDue = null;
        return rebuildOrStop(cause);
    }

    /** Whether {@code e} is followed by a rebuild rather than by {@link #failed}. */
    private boolean rebuildsAfter(HandlerException e) {
        return e.isFatal() && !warmingUp && !options.stopOnError();
    }

    /**
     * A call of the loop failed: as {@link #failed}, except that a dead context is rebuilt and
     * the handler goes on (unless the package says stop at any error).
     *
     * @return whether the handler goes on
     */
    private boolean callFailed(HandlerException e) {
        if (!rebuildsAfter(e)) {
            return failed(e);
        }
        stats.error(e);
        onError.accept(e);
        return rebuildOrStop(e);
    }

    /** Rebuilds the dead context; when that fails, says why and stops. */
    private boolean rebuildOrStop(HandlerException e) {
        HandlerException notRebuilt;
        try {
            rebuild.rebuild(e);
            return true;
        } catch (HandlerException why) {
            notRebuilt = why;
        } catch (RuntimeException | Error why) { // out of memory while loading, say: no second try
            notRebuilt = GuestErrors.hostFailure(script.fileName(), "rebuilding the context", why);
        }
        stats.error(notRebuilt);
        onError.accept(notRebuilt);
        stop(notRebuilt);
        return false;
    }

    /** Counts and shows a failure that stops nothing (the onExit of a handler being swapped out). */
    void reportError(HandlerException e) {
        stats.error(e);
        if (!warmingUp) {
            onError.accept(e);
        }
    }

    /**
     * Records a failure of a lifecycle call (init, onExit) or of the loop; false when the handler
     * has to stop because of it.
     */
    boolean failed(HandlerException e) {
        stats.error(e);
        if (warmingUp) {
            if (e.isFatal()) {
                state = State.IDLE;
            }
            return !e.isFatal();
        }
        onError.accept(e);
        if (e.isFatal() || options.stopOnError()) {
            stop(e);
            return false;
        }
        return true;
    }

    private void runIntervalIfDue() {
        if (options.interval().isZero() || !script.hasInterval() || System.nanoTime() < nextInterval) {
            return;
        }
        long period = options.interval().toNanos();
        nextInterval += period;
        if (nextInterval < System.nanoTime()) {
            nextInterval = System.nanoTime() + period; // fell behind: skip missed ticks
        }
        try {
            script.interval(ctx);
        } catch (HandlerException e) {
            callFailed(e);
        }
        afterBatch.run();
    }

    private long waitNanos() {
        if (options.interval().isZero() || script == null || !script.hasInterval()) {
            return IDLE_WAIT_NANOS;
        }
        return Math.max(1, Math.min(IDLE_WAIT_NANOS, nextInterval - System.nanoTime()));
    }

    private void awaitTask() {
        try {
            Runnable task = tasks.poll(IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
            if (task != null) {
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void discardQueued() {
        while (queue.poll() != null) {
            stats.unhandled.increment();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** Waits for the thread to end, up to {@code millis}. */
    boolean join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
