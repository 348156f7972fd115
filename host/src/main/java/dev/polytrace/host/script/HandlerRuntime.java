package dev.polytrace.host.script;

import dev.polytrace.host.system.StartupTrace;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.api.HandlerContext;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The handler runtime: one JS or Python handler, its own thread and sandboxed context, and what
 * it emits going to {@code output}. A session writes the tracer's records into {@link #sink()},
 * which only queues them ({@link HandlerFeed}); the handler's thread drains the queue in batches.
 *
 * <p>Life cycle: {@link #load} (module evaluated; fails fast on a syntax error) &rarr; start the
 * session with {@link #sink()} &rarr; {@link #start} ({@code init(ctx)}, with the session's object
 * for {@code ctx.maps}) &rarr; events &rarr; the session closes the sink, or the owner calls
 * {@link #close}: the queue is drained, {@code onExit} runs, the context is closed, then the output.
 * {@link #replace} swaps in another handler while events keep being queued.
 *
 * <p>A call that runs past its budget is interrupted and counted as an error; the next event goes
 * to the same handler. A limit that can only be enforced by closing the context (the heap guard,
 * an interrupt that does not land, the statement backstop, a stack overflow in host code) leaves
 * it dead: it is then rebuilt from the handler's file, which loses the module's state and says so
 * in the log, and the run goes on. Only {@code onHandlerError: stop}, or a rebuild that fails,
 * stops the handler.
 */
public final class HandlerRuntime implements AutoCloseable {
    private static final Duration MIN_DRAIN = Duration.ofSeconds(10);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(5);

    private final PackageHandler handler;
    private final HandlerOptions options;
    private final HandlerServices services;
    private final EventSink output;
    private final SessionEnvironment environment;
    private final HandlerStats stats = new HandlerStats();
    private final Watchdog watchdog;
    private final HandlerThread thread;
    private final HandlerNotices notices;
    private final DropReporter drops;
    private final HandlerFeed feed;
    private volatile boolean warmingUp;
    private volatile boolean started;
    private volatile Object exitState;
    private boolean closed;

    private HandlerRuntime(PackageHandler handler, HandlerOptions options, HandlerServices services,
                           EventSink output, WatchdogClock clock) {
        this.handler = handler;
        this.options = options;
        this.services = services;
        this.output = output;
        this.environment = new SessionEnvironment(services, output, handler.fileName(), options.maxEmitBytes());
        this.drops = new DropReporter(stats, output);
        this.notices = new HandlerNotices(services.log(), stats);
        String name = "polytrace-handler-" + handler.fileName();
        this.watchdog = new Watchdog(name + "-watchdog", clock);
        this.thread = new HandlerThread(name, options, stats, watchdog, notices::error, notices::stopped,
                this::afterBatch, this::rebuild);
        this.feed = new HandlerFeed(thread, stats, output, this::close);
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
    public static HandlerRuntime load(PackageHandler handler, HandlerOptions options, HandlerServices services,
                                      EventSink output) {
        return load(handler, options, services, output, WatchdogClock.SYSTEM);
    }

    /** As {@link #load(PackageHandler, HandlerOptions, HandlerServices, EventSink)}, budgets measured with {@code clock}. */
    static HandlerRuntime load(PackageHandler handler, HandlerOptions options, HandlerServices services,
                               EventSink output, WatchdogClock clock) {
        HandlerRuntime runtime = new HandlerRuntime(Objects.requireNonNull(handler, "handler"), options, services,
                output, clock);
        try {
            runtime.await(runtime.thread.submit(() -> {
                runtime.thread.install(runtime.newScript(handler), new HandlerContext(runtime.environment));
                StartupTrace.mark("handler loaded (module evaluated)");
                return null;
            }), LOAD_LIMIT);
            return runtime;
        } catch (RuntimeException e) {
            runtime.shutDown();
            throw e;
        }
    }

    /**
     * Runs {@code init(ctx)} and starts handing events to the handler. {@code object} backs
     * {@code ctx.maps}; null for a handler fed without a kernel object (tests, replays).
     *
     * @throws HandlerException when init fails; events then stay unhandled until {@link #close}
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
            initAndInstall(fresh, state);
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
        initAndInstall(newScript(dead.handler()), null);
        stats.rebuilds.increment();
        notices.rebuilt(dead.fileName(), cause);
    }

    /** On the handler thread: {@code fresh}'s {@code init(ctx, state)} with a ctx of its own, then it takes the events; a failed init closes it. */
    private void initAndInstall(HandlerScript fresh, Object state) {
        HandlerContext ctx = new HandlerContext(environment);
        try {
            fresh.init(ctx, state);
        } catch (HandlerException e) {
            fresh.close();
            throw e;
        }
        thread.install(fresh, ctx);
    }

    private HandlerScript newScript(PackageHandler source) {
        return HandlerScript.load(source, SandboxFactory.shared(), options,
                new MutableOutputStream(services.log().stream(LogLevel.INFO), () -> warmingUp),
                new MutableOutputStream(services.log().stream(LogLevel.WARN), () -> warmingUp), watchdog);
    }

    /** Called on the handler thread when the handler stops before the run does (fatal, or on-error stop). */
    public void onStop(Consumer<HandlerException> listener) {
        notices.onStop(listener);
    }

    /**
     * The sink a session writes the tracer's records into: they are queued for the handler;
     * samples, maps and losses go straight to the output. Closing it closes this runtime.
     */
    public EventSink sink() {
        return feed;
    }

    /** Drains the queue (for a bounded time), runs {@code onExit}, closes the context, then the output. */
    @Override
    public void close() {
        close(() -> { });
    }

    /** As {@link #close()}, with the run's last output (its maps) after onExit and before the output closes. */
    void close(Runnable lastOutput) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        feed.refuse();
        Duration drain = options.callTimeout().multipliedBy(2).compareTo(MIN_DRAIN) > 0
                ? options.callTimeout().multipliedBy(2) : MIN_DRAIN;
        long deadline = System.nanoTime() + drain.toNanos();
        CompletableFuture<Object> finish = thread.submit(() -> finish(deadline));
        try {
            exitState = finish.get(drain.plus(options.startTimeout()).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            notices.error(GuestErrors.hostFailure(handler.fileName(), "stopping", e.getCause()));
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

    /** Counters so far; after {@link #close} also the state {@code onExit} returned. */
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
        feed.refuse();
        if (thread.isAlive()) {
            thread.submit(() -> {
                thread.finished();
                return null;
            });
            thread.join(2000);
        }
        watchdog.close();
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
