package dev.polytrace.host.script;

import dev.polytrace.host.system.StartupTrace;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.script.HandlerException.Kind;
import dev.polytrace.script.api.GuestValues;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * A handler file loaded into its own sandboxed context: its lifecycle functions and the calls into
 * them, each under the watchdog's budget. Only the handler thread uses it; guest values stay in
 * here, and what comes out (the {@code onExit} state) is converted to plain Java data.
 */
final class HandlerScript implements AutoCloseable {
    private final HandlerLanguage language;
    private final PackageHandler handler;
    private final String fileName;
    // Dropped on close as well: a closed context may still hold its guest objects.
    private volatile Context context;
    private final Watchdog watchdog;
    private final SandboxFactory factory;
    private final HandlerOptions options;
    private final Source source;
    // Global names once the handler's file had run: a reload removes those created later (by a
    // call), and only those, as removing any global makes the engine drop the code it compiled.
    private Set<String> loadedGlobals;
    // Not final: dropped on close, so nothing here keeps a closed context's objects reachable.
    private EventDispatch events;
    private Value init;
    private Value onEvent;
    private Value onInterval;
    private Value onExit;
    private volatile boolean dead;
    private boolean closed;

    private HandlerScript(HandlerLanguage language, PackageHandler handler, Context context, Watchdog watchdog,
                          SandboxFactory factory, HandlerOptions options, Source source,
                          HandlerLanguage.GuestDispatch dispatch) {
        this.language = language;
        this.handler = handler;
        this.fileName = handler.fileName();
        this.context = context;
        this.watchdog = watchdog;
        this.factory = factory;
        this.options = options;
        this.source = source;
        this.events = new EventDispatch(this, language, dispatch);
    }

    /** Takes the lifecycle functions from what evaluating the file returned. */
    private void bind(Value module) {
        Value exports = language.lifecycleFunctions(module, fileName);
        this.init = function(exports, "init");
        this.onEvent = function(exports, language.onEventName);
        this.onInterval = function(exports, language.onIntervalName);
        this.onExit = function(exports, language.onExitName);
        if (init == null && onEvent == null && onInterval == null && onExit == null) {
            throw new HandlerException(Kind.ERROR, fileName, "defines none of init, " + language.onEventName + ", "
                    + language.onIntervalName + ", " + language.onExitName, null);
        }
    }

    /** Builds the context and evaluates the file; module-level code runs under the start budget. */
    static HandlerScript load(PackageHandler handler, SandboxFactory factory, HandlerOptions options,
                              OutputStream out, OutputStream err, Watchdog watchdog) {
        HandlerLanguage language = HandlerLanguage.of(handler);
        Context context = factory.newContext(language, out, err, options.statementBackstop());
        try {
            // The language's own start-up (seconds for the first Python context of a JVM) is not
            // handler code: it runs before the watchdog's clock starts.
            language.start(context);
        } catch (RuntimeException e) {
            closeQuietly(context, true);
            factory.takerStarted(context);
            throw GuestErrors.hostFailure(handler.fileName(), "starting " + language.id, e);
        }
        StartupTrace.mark("handler context started");
        watchdog.watch(context);
        watchdog.begin(options.startTimeout());
        try {
            // The dispatcher first, so nothing the handler defines can shadow it.
            HandlerLanguage.GuestDispatch dispatch = language.dispatch(context, options.batchSize());
            StartupTrace.mark("handler dispatch loop defined");
            Source source = language.handlerSource(handler.fileName(), handler.source());
            HandlerScript script = new HandlerScript(language, handler, context, watchdog, factory, options, source, dispatch);
            script.bind(language.loadModule(context, source));
            script.loadedGlobals = new HashSet<>(context.getBindings(language.id).getMemberKeys());
            return script;
        } catch (PolyglotException e) {
            HandlerException failure = translate(e, language, handler.fileName(), "loading the handler",
                    options.startTimeout(), watchdog);
            closeQuietly(context, true);
            factory.takerStarted(context);
            throw failure;
        } catch (RuntimeException e) {
            closeQuietly(context, true);
            factory.takerStarted(context);
            throw e;
        } finally {
            watchdog.end();
        }
    }

    String fileName() {
        return fileName;
    }

    /** The file this script was loaded from (to load it afresh). */
    PackageHandler handler() {
        return handler;
    }

    /**
     * Evaluates the handler's file again in this context, as if it had just been loaded: its
     * module-level code rebinds its names, globals its calls created are removed. What the engine
     * compiled for it stays, which is what a warm-up is for. State kept outside its globals (in
     * imported modules, say) is not reset.
     *
     * @throws HandlerException when the file does not load again; the script is then dead
     */
    void reload() {
        if (dead || closed) {
            throw new HandlerException(Kind.FATAL, fileName, "the handler is no longer running", null);
        }
        watchdog.watch(context);
        watchdog.begin(options.startTimeout());
        try {
            context.resetLimits();
            Value globals = context.getBindings(language.id);
            for (String name : globals.getMemberKeys().toArray(String[]::new)) {
                if (!loadedGlobals.contains(name)) {
                    removeGlobal(globals, name);
                }
            }
            bind(language.loadModule(context, source));
        } catch (PolyglotException e) {
            dead = true;
            throw translate(e, language, fileName, "reloading the handler", options.startTimeout(), watchdog);
        } catch (HandlerException e) {
            dead = true;
            throw e;
        } finally {
            watchdog.end();
        }
    }

    private static void removeGlobal(Value globals, String name) {
        try {
            globals.removeMember(name);
        } catch (UnsupportedOperationException | PolyglotException e) {
            // a non-configurable global (a script-level var): the module's own code rebinds it
        }
    }

    boolean handlesEvents() {
        return onEvent != null;
    }

    boolean hasInterval() {
        return onInterval != null;
    }

    boolean isDead() {
        return dead || closed;
    }

    /** {@code init(ctx)}, or {@code init(ctx, state)} with the state a previous handler left. */
    void init(Object ctx, Object state) {
        if (init == null) {
            return;
        }
        call("init", options.startTimeout(), () -> state != null && language.initTakesState(init)
                ? init.execute(ctx, GuestValues.toGuest(state)) : init.execute(ctx));
    }

    void interval(Object ctx) {
        if (onInterval != null) {
            call(language.onIntervalName, options.callTimeout(), () -> onInterval.execute(ctx));
        }
    }

    /** {@code onExit(ctx)}; what it returns, as plain data (null when nothing), is the state to carry over. */
    Object exit(Object ctx) {
        if (onExit == null) {
            return null;
        }
        Value result = call(language.onExitName, options.startTimeout(), () -> onExit.execute(ctx));
        if (result == null || result.isNull()) {
            return null;
        }
        try {
            return GuestValues.toJava(result, language.onExitName + " result");
        } catch (RuntimeException e) {
            throw new HandlerException(Kind.ERROR, fileName, GuestErrors.firstLine(e.getMessage()), e);
        }
    }

    /** The container of the event {@code onEvent} is handling now; null between events or when it has none. */
    ContainerInfo currentContainer() {
        EventDispatch dispatch = events;
        return dispatch == null ? null : dispatch.currentContainer();
    }

    /**
     * Feeds the batch from event {@code from} on to {@code onEvent} through the guest-side loop. A
     * failing event is reported to {@code onError}, then the loop resumes after it unless {@code
     * onError} says to stop or the context is dead.
     *
     * @return the index after the last event handed to {@code onEvent}
     */
    int dispatch(EventBatch batch, int from, Object ctx, Predicate<HandlerException> onError) {
        return events.dispatch(batch, from, ctx, onEvent, onError);
    }

    /** A call of {@code onEvent} through a guest loop, under the per-event budget. */
    Value callOnEvent(Supplier<Value> body) {
        return call(language.onEventName, options.callTimeout(), body);
    }

    private Value call(String what, Duration budget, Supplier<Value> body) {
        if (dead || closed) {
            throw new HandlerException(Kind.FATAL, fileName, "the handler is no longer running", null);
        }
        watchdog.watch(context, events == null ? null : events.progress());
        watchdog.begin(budget);
        try {
            context.resetLimits();
            return body.get();
        } catch (PolyglotException e) {
            throw failed(translate(e, language, fileName, what, budget, watchdog));
        } catch (HandlerException e) {
            throw failed(e);
        } catch (RuntimeException | VirtualMachineError e) {
            throw failed(GuestErrors.hostFailure(fileName, what, e));
        } finally {
            watchdog.end();
        }
    }

    /** As {@link GuestErrors#translate}, but a context the watchdog cancelled says why. */
    private static HandlerException translate(PolyglotException e, HandlerLanguage language, String fileName,
                                              String what, Duration budget, Watchdog watchdog) {
        String cancelled = watchdog.cancelReason();
        if ((e.isCancelled() || e.isInterrupted()) && cancelled != null) {
            return new HandlerException(Kind.FATAL, fileName, what + " was stopped: " + cancelled
                    + "; its context was closed", null);
        }
        return GuestErrors.translate(e, language, fileName, what, budget);
    }

    private HandlerException failed(HandlerException e) {
        if (e.isFatal()) {
            dead = true;
        }
        return e;
    }

    private Value function(Value module, String name) {
        return HandlerLanguage.function(module, name, fileName);
    }

    /** Its first batch is handled: the start of this handler is over (see {@link SandboxFactory#takerStarted}). */
    void started() {
        Context running = context;
        if (running != null) {
            factory.takerStarted(running);
        }
    }

    /** Closes the context; a dead one (limit hit, cancelled) is cancelled, as a normal close would rethrow. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Context closing = context;
            context = null;
            closeQuietly(closing, dead);
            factory.takerStarted(closing);
            watchdog.forget(closing);
            events = null;
            init = null;
            onEvent = null;
            onInterval = null;
            onExit = null;
        }
    }

    /** From another thread: stops whatever the guest is doing and discards the context. */
    void cancel() {
        dead = true;
        Context cancelling = context;
        if (cancelling != null) {
            closeQuietly(cancelling, true);
        }
    }

    private static void closeQuietly(Context context, boolean cancel) {
        try {
            context.close(cancel);
        } catch (PolyglotException | IllegalStateException e) {
            if (!cancel) {
                closeQuietly(context, true);
            }
        }
    }
}
