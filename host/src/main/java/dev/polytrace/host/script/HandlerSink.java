package dev.polytrace.host.script;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.api.HandlerContext;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A tracer's events going through a JS or Python handler. Reader threads call {@link #onEvent},
 * which only copies the record into a bounded queue (dropping and counting when it is full), so
 * the kernel side is never held up by the guest. The handler's own thread drains the queue in
 * batches; what the handler emits goes to {@code output}, as do samples and losses.
 *
 * <p>Life cycle: {@link #load} (module evaluated; fails fast on a syntax error) &rarr; start the
 * session with this sink &rarr; {@link #start} ({@code init(ctx)}, with the session's object for
 * {@code ctx.maps}) &rarr; events &rarr; the session's close calls {@link #onClose}: the queue is
 * drained, {@code onExit} runs, the context is closed. {@link #replace} swaps in another handler
 * while events keep being queued.
 *
 * <p>A call that runs past its budget is interrupted and counted as an error; the next event goes
 * to the same handler. A limit that can only be enforced by closing the context (the heap guard,
 * an interrupt that does not land, the statement backstop, a stack overflow in host code) leaves
 * it dead: it is then rebuilt from the handler's file, which loses the module's state and says so
 * in the log, and the run goes on. Only {@code onHandlerError: stop}, or a rebuild that fails,
 * stops the handler.
 */
public final class HandlerSink implements EventSink, AutoCloseable {
    private static final int ERRORS_SHOWN = 5;
    private static final Duration MIN_DRAIN = Duration.ofSeconds(10);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(5);
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PackageHandler handler;
    private final HandlerOptions options;
    private final HandlerServices services;
    private final EventSink output;
    private final SessionEnvironment environment;
    private final HandlerStats stats = new HandlerStats();
    private final Watchdog watchdog;
    private final HandlerThread thread;
    private final CopyOnWriteArrayList<Consumer<HandlerException>> stopListeners = new CopyOnWriteArrayList<>();
    private final DropReporter drops;
    private volatile boolean accepting = true;
    private volatile boolean warmingUp;
    private volatile boolean started;
    private volatile Object exitState;
    private boolean closed;

    private HandlerSink(PackageHandler handler, HandlerOptions options, HandlerServices services, EventSink output,
                        WatchdogClock clock) {
        this.handler = handler;
        this.options = options;
        this.services = services;
        this.output = output;
        this.environment = new SessionEnvironment(services, output, handler.fileName(), options.maxEmitBytes());
        this.drops = new DropReporter(stats, output);
        String name = "polytrace-handler-" + handler.fileName();
        this.watchdog = new Watchdog(name + "-watchdog", clock);
        this.thread = new HandlerThread(name, options, stats, watchdog, this::showError, this::notifyStop,
                this::afterBatch, this::rebuild);
        this.environment.containerOfEvent(() -> {
            HandlerScript script = thread.script();
            return script == null ? null : script.currentContainer();
        });
    }

    /**
     * Builds the handler's context and evaluates its file, on the handler's thread.
     *
     * @throws HandlerException when the file does not load (syntax error, module code that throws
     *                          or loops past the start budget, no lifecycle function)
     */
    public static HandlerSink load(PackageHandler handler, HandlerOptions options, HandlerServices services,
                                   EventSink output) {
        return load(handler, options, services, output, WatchdogClock.SYSTEM);
    }

    /** As {@link #load(PackageHandler, HandlerOptions, HandlerServices, EventSink)}, budgets measured with {@code clock}. */
    static HandlerSink load(PackageHandler handler, HandlerOptions options, HandlerServices services,
                            EventSink output, WatchdogClock clock) {
        HandlerSink sink = new HandlerSink(Objects.requireNonNull(handler, "handler"), options, services, output,
                clock);
        try {
            sink.await(sink.thread.submit(() -> {
                sink.thread.install(sink.newScript(handler), new HandlerContext(sink.environment));
                return null;
            }), LOAD_LIMIT);
            return sink;
        } catch (RuntimeException e) {
            sink.shutDown();
            throw e;
        }
    }

    /**
     * Runs {@code init(ctx)} and starts handing events to the handler. {@code object} backs
     * {@code ctx.maps}; null for a handler fed without a kernel object (tests, replays).
     *
     * @throws HandlerException when init fails; events then stay unhandled until {@link #onClose}
     */
    public void start(BpfObject object) {
        environment.attach(object);
        await(thread.submit(() -> {
            thread.script().init(thread.context(), null);
            thread.running();
            output.flush(); // what init emitted
            return null;
        }), LOAD_LIMIT);
        started = true;
    }

    /**
     * Hot swap: loads {@code next} beside the running handler, then between two batches calls the
     * old one's {@code onExit}, passes what it returned to the new one's {@code init(ctx, state)}
     * and lets the new one take the following events. Events keep queueing meanwhile (none is
     * lost unless the queue fills). An old {@code onExit} that throws or runs past its budget (it
     * is interrupted) is counted as an error and passes no state, but never stops the handler: the
     * swap goes on. If {@code next} fails to load or to init, the old handler stays in place (a
     * failed init comes after the old handler's onExit, which it then has had).
     *
     * @return what was handed over
     * @throws HandlerException why {@code next} was not swapped in
     */
    public HandOver replace(PackageHandler next) {
        return await(thread.submit(() -> {
            HandlerScript fresh = newScript(next);
            HandlerContext freshCtx = new HandlerContext(environment);
            HandlerScript old = thread.script();
            Object state = null;
            String exitError = null;
            if (old != null && !old.isDead()) {
                try {
                    state = old.exit(thread.context());
                } catch (HandlerException e) {
                    thread.reportError(e); // the old handler is leaving anyway: nothing to stop
                    exitError = e.getMessage();
                }
            }
            try {
                fresh.init(freshCtx, state);
            } catch (HandlerException e) {
                fresh.close();
                throw e;
            }
            thread.install(fresh, freshCtx);
            if (old != null) {
                old.close();
            }
            thread.running();
            return new HandOver(state, exitError);
        }), LOAD_LIMIT);
    }

    /**
     * Starts a warm-up ({@link HandlerWarmUp}): before {@link #start}, {@code init} and then the
     * events fed meanwhile go to the handler with a {@code ctx} of its own whose output, log and
     * metrics go nowhere and that has no maps. Handler errors are counted but not shown.
     */
    void beginWarmUp() {
        if (started) {
            throw new IllegalStateException("a warm-up comes before start");
        }
        warmingUp = true;
        HandlerServices silent = new HandlerServices(services.params(), new MetricsRegistry(),
                services.symbolizer(), (level, message) -> { });
        HandlerContext warmUpCtx = new HandlerContext(new SessionEnvironment(silent, EventSink.DISCARD,
                handler.fileName(), options.maxEmitBytes()));
        await(thread.submit(() -> {
            thread.warmingUp(true);
            thread.install(thread.script(), warmUpCtx);
            try {
                thread.script().init(warmUpCtx, null);
            } catch (HandlerException e) {
                // Often only because the warm-up has no maps: onEvent may well run, and is what counts.
                thread.failed(e);
            }
            if (!thread.script().isDead()) {
                thread.running();
            }
            return null;
        }), LOAD_LIMIT);
    }

    /** Whether the warm-up's handler is still taking events (a fatal error ends it early). */
    boolean warmUpRunning() {
        return warmingUp && thread.isRunning();
    }

    /**
     * Ends the warm-up: queued records are dropped, the handler's file is evaluated again in the
     * same context (fresh module state, the compiled code kept), the real {@code ctx} goes back in
     * and the counters start from zero. A handler the warm-up killed is replaced by a fresh load.
     *
     * @return the counters as the warm-up left them (its last batch finished)
     */
    HandlerReport endWarmUp() {
        HandlerReport warmUp = await(thread.submit(() -> {
            HandlerReport counted = report(); // between batches: the last one is counted
            thread.pause();
            HandlerScript script = thread.script();
            try {
                script.reload();
            } catch (HandlerException e) {
                script.close();
                script = newScript(handler);
            }
            thread.install(script, new HandlerContext(environment));
            thread.warmingUp(false);
            return counted;
        }), LOAD_LIMIT);
        stats.reset();
        warmingUp = false;
        return warmUp;
    }

    /**
     * On the handler thread: the running handler's context is dead; a fresh load of the same file
     * and its {@code init(ctx)} take its place.
     *
     * @throws HandlerException when the fresh load or its init fails
     */
    private void rebuild(HandlerException cause) {
        HandlerScript dead = thread.script();
        dead.close();
        if (cause.isFatal()) {
            // The dead context may have been stopped for filling the heap: let it go first.
            HeapGuard.awaitRoom(options.startTimeout());
        }
        HandlerScript fresh = newScript(dead.handler());
        HandlerContext freshCtx = new HandlerContext(environment);
        try {
            fresh.init(freshCtx, null);
        } catch (HandlerException e) {
            fresh.close();
            throw e;
        }
        thread.install(fresh, freshCtx);
        stats.rebuilds.increment();
        long n = stats.rebuilds.sum();
        if (n <= ERRORS_SHOWN) {
            services.log().log(LogLevel.WARN, "rebuilt the handler's context from " + dead.fileName()
                    + " (module state lost) after: " + cause.getMessage());
        }
    }

    private HandlerScript newScript(PackageHandler source) {
        return HandlerScript.load(source, SandboxFactory.shared(), options,
                new MutableOutputStream(services.log().stream(LogLevel.INFO), () -> warmingUp),
                new MutableOutputStream(services.log().stream(LogLevel.WARN), () -> warmingUp), watchdog);
    }

    /** Called on the handler thread when the handler stops before the run does (fatal, or on-error stop). */
    public void onStop(Consumer<HandlerException> listener) {
        stopListeners.add(listener);
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        if (!accepting) {
            return;
        }
        stats.received.increment();
        queue(QueuedEvent.decoded(stream, event, copy(raw)));
    }

    /** The fast path: only the bytes are copied here; the handler thread decodes what the handler reads. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onRecord(stream, layout, raw, null);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        if (!accepting) {
            return;
        }
        stats.received.increment();
        if (thread.isFull()) { // overloaded: drop before copying, leaving the CPU to the handler
            stats.dropped(stream);
            return;
        }
        queue(QueuedEvent.undecoded(stream, layout, copy(raw), container));
    }

    private void queue(QueuedEvent event) {
        if (!thread.offer(event)) {
            stats.dropped(event.stream());
        }
    }

    /**
     * The record's bytes, copied eight at a time: a bulk get from the mapped ring went through
     * a memory-copy stub and cost as much as the rest of queueing a record.
     */
    private static byte[] copy(ByteBuffer raw) {
        int length = raw.remaining();
        int from = raw.position();
        byte[] bytes = new byte[length];
        if (raw.order() != ByteOrder.LITTLE_ENDIAN) {
            raw.get(from, bytes);
            return bytes;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            LITTLE_ENDIAN_LONGS.set(bytes, i, raw.getLong(from + i));
        }
        for (; i < length; i++) {
            bytes[i] = raw.get(from + i);
        }
        return bytes;
    }

    @Override
    public void onSample(String map, String rendered) {
        output.onSample(map, rendered);
    }

    /** Printed maps are the run's output, as samples are: the handler does not see them. */
    @Override
    public void onMap(MapReport report) {
        output.onMap(report);
    }

    @Override
    public void onLost(String stream, long count) {
        output.onLost(stream, count);
    }

    /** Drains the queue (for a bounded time), runs {@code onExit}, closes the context, then the output. */
    @Override
    public void onClose() {
        onClose(() -> { });
    }

    /** As {@link #onClose()}, with the run's last output (its maps) after onExit and before the output closes. */
    @Override
    public void onClose(Runnable lastOutput) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        accepting = false;
        Duration drain = options.callTimeout().multipliedBy(2).compareTo(MIN_DRAIN) > 0
                ? options.callTimeout().multipliedBy(2) : MIN_DRAIN;
        long deadline = System.nanoTime() + drain.toNanos();
        CompletableFuture<Object> finish = thread.submit(() -> finish(deadline));
        try {
            exitState = finish.get(drain.plus(options.startTimeout()).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            showError(GuestErrors.hostFailure(handler.fileName(), "stopping", e.getCause()));
        } catch (TimeoutException e) {
            HandlerScript script = thread.script();
            if (script != null) {
                script.cancel(); // stuck outside the watchdog's reach: discard the context
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutDown();
            reportDrops();
            try {
                lastOutput.run();
            } finally {
                output.onClose();
            }
        }
    }

    /** On the handler thread: last events, onExit, context closed. */
    private Object finish(long deadlineNanos) {
        thread.drain(deadlineNanos);
        HandlerScript script = thread.script();
        Object state = null;
        try {
            if (script != null && started && !script.isDead()) {
                state = script.exit(thread.context());
            }
        } catch (HandlerException e) {
            thread.failed(e);
        } finally {
            if (script != null) {
                script.close();
            }
            thread.finished();
        }
        return state;
    }

    @Override
    public void close() {
        onClose();
    }

    /** Counters so far; after {@link #onClose} also the state {@code onExit} returned. */
    public HandlerReport report() {
        return stats.report(handler.fileName(), exitState);
    }

    public PackageHandler handler() {
        return handler;
    }

    /** The watchdog of this handler's calls (tests look at what it did). */
    Watchdog watchdog() {
        return watchdog;
    }

    private void shutDown() {
        accepting = false;
        if (thread.isAlive()) {
            thread.submit(() -> {
                thread.finished();
                return null;
            });
            thread.join(2000);
        }
        watchdog.close();
    }

    private void notifyStop(HandlerException cause) {
        services.log().log(LogLevel.ERROR, cause.isFatal() ? "the handler cannot continue; stopping the run"
                : "stopping the run (the package's onHandlerError is \"stop\")");
        for (Consumer<HandlerException> listener : stopListeners) {
            listener.accept(cause);
        }
    }

    /** The first few failures are logged as they happen; all are counted for the report. */
    private void showError(HandlerException e) {
        long n = stats.errors.sum();
        if (n <= ERRORS_SHOWN) {
            services.log().log(LogLevel.ERROR, e.getMessage());
        }
        if (n == ERRORS_SHOWN) {
            services.log().log(LogLevel.ERROR, "further handler errors are counted, not shown");
        }
    }

    /** After each batch on the handler thread: what the handler emitted goes out, drops are told. */
    private void afterBatch() {
        reportDrops();
        output.flush();
    }

    private void reportDrops() {
        if (!warmingUp) {
            drops.report();
        }
    }

    private <T> T await(CompletableFuture<T> result, Duration limit) {
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw GuestErrors.hostFailure(handler.fileName(), "starting", e.getCause());
        } catch (TimeoutException e) {
            throw new HandlerException(HandlerException.Kind.FATAL, handler.fileName(),
                    "did not start within " + limit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandlerException(HandlerException.Kind.FATAL, handler.fileName(), "start interrupted", e);
        }
    }
}
