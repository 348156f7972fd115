package dev.polytrace.host.tracer;

import dev.polytrace.host.system.StartPriority;
import dev.polytrace.host.system.StartupTrace;
import dev.polytrace.bpf.BpfLink;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.AlertSink;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerFileWatcher;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.script.HandlerServices;
import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.SessionStats;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.symbols.Symbolizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One tracer running: what every front end drives ({@code run}, the REPL, the daemon, an embedding
 * application). {@link #start} loads the package's object with the request's params and attaches
 * it while the handler's sandbox starts (a warmed-up handler starts first), reads its streams into
 * the handler or the output, and runs the handler's {@code init}; a failure at any step leaves
 * nothing loaded or running. While it
 * runs, the handler can be hot-swapped (or put in front of a tracer started without one), run-time
 * params written, maps and counters read. {@link #close} detaches once: the handler drains and
 * runs {@code onExit}, the maps print a last time, the object goes.
 */
public final class RunningTracer implements AutoCloseable {
    private static final BtfCodec CODEC = new BtfCodec();

    private final TracerRequest request;
    private final TracerSession session;
    private final HandlerRoute route;
    private final HandlerServices services;
    private final List<AutoCloseable> watchers = new ArrayList<>();
    private volatile PackageHandler handlerSource;
    private int heldAtStart;
    private boolean closed;

    private RunningTracer(TracerRequest request, TracerSession session, HandlerRoute route,
                          HandlerServices services) {
        this.request = request;
        this.session = session;
        this.route = route;
        this.services = services;
    }

    /**
     * Loads, attaches and starts {@code request}'s tracer. The handler's sandbox starts while the
     * object loads and attaches, and gets every event from the attach on; with a warm-up, the
     * handler is loaded and warmed up first, and only then is anything attached.
     *
     * @throws HandlerStartException when the handler does not load or its init fails (nothing stays loaded)
     */
    public static RunningTracer start(TracerRequest request) {
        HandlerServices services = new HandlerServices(request.pkg().paramDefaults(), request.metrics(),
                Symbolizer.system(), request.log());
        HandlerRoute route = new HandlerRoute(request.output(), request.delivery());
        TracerSession session;
        HandlerRuntime handler;
        if (request.handler().isEmpty() || !request.warmUp().isZero()) {
            handler = request.handler().map(h -> loadHandler(request, services, h)).orElse(null);
            session = attachAfterWarmUp(request, route, handler);
        } else {
            CompletableFuture<HandlerRuntime> loading = loadInParallel(request, services);
            route.holdForHandler(request.handlerOptions().queueCapacity());
            session = attachWhileLoading(request, route, loading);
            handler = awaitLoaded(loading, route, session);
        }
        RunningTracer tracer = new RunningTracer(request, session, route, services);
        if (handler != null) {
            handler.onStop(request.onHandlerStop()); // after the warm-up, whose failures stop nothing
            tracer.heldAtStart = route.putInFront(handler); // what came since the attach first; queued until init
            try {
                handler.start(session.object());
            } catch (RuntimeException e) {
                session.close();
                throw new HandlerStartException(HandlerStartException.Stage.INIT, e);
            }
            tracer.handlerSource = request.handler().get();
        }
        StartupTrace.mark(handler == null ? "running" : "running (handler's init done)");
        if (handler == null) {
            StartPriority.startDone(); // with a handler, its first batch ends the start
        }
        return tracer;
    }

    private static TracerSession attachAfterWarmUp(TracerRequest request, HandlerRoute route, HandlerRuntime handler) {
        try {
            WarmUps.run(request, handler);
            TracerSession session = openSession(request, route);
            request.onAttached().run();
            return session;
        } catch (RuntimeException e) {
            if (handler != null) {
                handler.close();
            }
            throw e;
        }
    }

    private static CompletableFuture<HandlerRuntime> loadInParallel(TracerRequest request, HandlerServices services) {
        CompletableFuture<HandlerRuntime> loading = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("polytrace-handler-load").start(() -> {
            StartupTrace.mark("handler load begun");
            try {
                loading.complete(loadHandler(request, services, request.handler().get()));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        });
        return loading;
    }

    /** A handler that fails to load is the error to report, as when it was loaded first; else the session's. */
    private static TracerSession attachWhileLoading(TracerRequest request, HandlerRoute route,
                                                    CompletableFuture<HandlerRuntime> loading) {
        try {
            TracerSession session = openSession(request, route);
            request.onAttached().run();
            return session;
        } catch (RuntimeException e) {
            route.abandon();
            HandlerRuntime loaded = join(loading);
            loaded.close();
            throw e;
        }
    }

    private static HandlerRuntime awaitLoaded(CompletableFuture<HandlerRuntime> loading, HandlerRoute route,
                                           TracerSession session) {
        try {
            return join(loading);
        } catch (RuntimeException e) {
            route.abandon(); // the run never started: nothing is written to its output
            session.close();
            throw e;
        }
    }

    private static HandlerRuntime join(CompletableFuture<HandlerRuntime> loading) {
        try {
            return loading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Records pass the rules (if any) first, so alerts reach the output even when a handler shapes it. */
    private static TracerSession openSession(TracerRequest request, HandlerRoute route) {
        AlertSink alerts = request.output() instanceof AlertSink a ? a : AlertSink.DISCARD;
        return TracerSession.start(request.sampleMaps() ? request.pkg() : withoutSamplers(request.pkg()),
                request.options(), request.rules().wrap(route, alerts));
    }

    private static HandlerRuntime loadHandler(TracerRequest request, HandlerServices services, PackageHandler source) {
        try {
            return HandlerRuntime.load(source, request.handlerOptions(), services, request.output());
        } catch (RuntimeException e) {
            throw new HandlerStartException(HandlerStartException.Stage.LOAD, e);
        }
    }

    /** The REPL reads sampled maps on demand: its session samples none. */
    private static TracerPackage withoutSamplers(TracerPackage pkg) {
        return new TracerPackage(pkg.formatVersion(), pkg.name(), pkg.version(), pkg.description(), pkg.object(),
                pkg.handler(), pkg.params(), pkg.programs(), pkg.maps(),
                new PackageOutputs(pkg.outputs().events(), List.of()), pkg.options(), pkg.signature(), pkg.origin(),
                pkg.warnings());
    }

    /**
     * Hot swap: {@code next} takes over from the running handler between two batches, with what its
     * {@code onExit} returned, while the kernel side stays attached and events keep queueing. A
     * tracer running without a handler gets {@code next} put in front of its output.
     *
     * @return what the old handler handed over ({@link HandOver#NONE} when there was none)
     * @throws dev.polytrace.host.script.HandlerException when {@code next} does not load or init;
     *         the running handler (or none) stays
     */
    public synchronized HandOver swapHandler(PackageHandler next) {
        if (closed) {
            throw new IllegalStateException("the tracer is closed: no handler to swap");
        }
        HandlerRuntime running = route.handler();
        HandOver handOver = HandOver.NONE;
        if (running != null) {
            handOver = running.replace(next);
        } else {
            HandlerRuntime fresh = HandlerRuntime.load(next, request.handlerOptions(), services, request.output());
            fresh.onStop(request.onHandlerStop());
            try {
                fresh.start(session.object());
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
            route.putInFront(fresh);
        }
        handlerSource = next;
        return handOver;
    }

    /**
     * Swaps in {@code file} whenever its content changes, until the tracer closes ({@code run
     * --watch}); a version that does not load or init is rejected and the running one kept.
     */
    public synchronized void watchHandler(Path file, HandlerFileWatcher.Listener listener) throws IOException {
        if (route.handler() == null) {
            throw new IllegalStateException("no handler to swap: the tracer runs without one");
        }
        watchers.add(HandlerFileWatcher.start(file, this::swapHandler, listener));
    }

    /**
     * Writes run-time params ({@code .bss} / {@code .data} globals) into the running object, from
     * {@code --param}-style text. All or nothing: when one value is refused, those already written
     * are put back.
     *
     * @return the params parsed, by name
     * @throws dev.polytrace.host.input.UserError for an unknown param or a value its type refuses
     * @throws ParamChangeRefused                 for a param fixed at load or missing from the object
     */
    public synchronized Map<String, String> setParams(Map<String, String> values) {
        List<String> assignments = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        Map<String, String> parsed = new ParamBinder(request.pkg()).parse(assignments);
        Map<GlobalVariable, byte[]> before = new LinkedHashMap<>();
        for (String name : parsed.keySet()) {
            PackageParam param = request.pkg().param(name).orElseThrow();
            if (!param.isRuntimeWritable()) {
                throw new ParamChangeRefused(ParamChangeRefused.Reason.READ_ONLY, "param " + name
                        + " is a const volatile in " + param.section()
                        + ", fixed when the tracer was loaded; redeploy to change it");
            }
            GlobalVariable variable = object().variables().find(name).orElseThrow(() -> new ParamChangeRefused(
                    ParamChangeRefused.Reason.NOT_IN_OBJECT, "param " + name + " is not in the loaded object"));
            before.put(variable, variable.bytes());
        }
        try {
            before.keySet().forEach(v -> ParamBinder.set(v, parsed.get(v.name())));
        } catch (RuntimeException e) {
            before.forEach(GlobalVariable::setBytes);
            throw e;
        }
        return parsed;
    }

    /** Param values as the programs see them now, decoded; the package's default where unreadable. */
    public Map<String, Object> paramValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (PackageParam p : request.pkg().params()) {
            values.put(p.name(), variableValue(p.name()).orElse(p.defaultValue()));
        }
        return values;
    }

    /** A global variable's value now, decoded through BTF; empty when there is none or it is unreadable. */
    public Optional<Object> variableValue(String name) {
        try {
            return object().variables().find(name).map(v -> CODEC.decode(v.type(), v.bytes()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public TracerPackage pkg() {
        return request.pkg();
    }

    /** The loaded object (maps, programs, globals); closed with the tracer. */
    public BpfObject object() {
        return session.object();
    }

    public List<BpfLink> links() {
        return session.links();
    }

    public SessionStats stats() {
        return session.stats();
    }

    /** The handler running now, if any. */
    public Optional<HandlerRuntime> handler() {
        return Optional.ofNullable(route.handler());
    }

    /** Records that came between the attach and the handler being ready, held and then handed to it. */
    public int heldAtStart() {
        return heldAtStart;
    }

    /** The source of the handler running now (the last swapped in), if any. */
    public Optional<PackageHandler> handlerSource() {
        return Optional.ofNullable(handlerSource);
    }

    /** The running handler's counters (after {@link #close}, with what its onExit returned). */
    public Optional<HandlerReport> handlerReport() {
        return handler().map(HandlerRuntime::report);
    }

    /** The session, for readers of its maps that print as a run prints them. */
    public TracerSession session() {
        return session;
    }

    public boolean isClosed() {
        return session.isClosed();
    }

    /** Stops watching, detaches: the handler drains and runs onExit, maps print a last time, the object goes. */
    @Override
    public void close() {
        List<AutoCloseable> stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = List.copyOf(watchers);
        }
        // Outside the lock: a watcher may be waiting for it to swap, and is joined here.
        for (AutoCloseable watcher : stopping) {
            try {
                watcher.close();
            } catch (Exception ignored) {
                // a watcher that cannot close holds no kernel resource
            }
        }
        synchronized (this) {
            session.close();
        }
    }
}
