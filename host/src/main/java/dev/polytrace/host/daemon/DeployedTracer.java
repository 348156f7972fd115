package dev.polytrace.host.daemon;

import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.ContainerLookup;
import dev.polytrace.host.rules.TracerRules;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.script.HandlerOptions;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.script.HandlerServices;
import dev.polytrace.host.script.HandlerSink;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.metrics.SeriesLimit;
import dev.polytrace.script.symbols.Symbolizer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One tracer the daemon runs: its session (kernel side), its handler if any, its alert rules, the
 * buffer its output (and its alerts) goes to and its metrics. Changes (swap, params, close) are serialized on the tracer; reads of
 * counters and state are not.
 */
public final class DeployedTracer {
    /** What a failed tracer's buffer keeps: its last lines, which say why it failed. */
    static final long FAILED_BUFFER_BYTES = 64 << 10;

    private final EventBuffer buffer;
    private final BufferingSink output;
    private final MetricsRegistry metrics;
    private final RateMeter rate = new RateMeter();
    private volatile Deployment deployment;
    private volatile TracerSession session;
    private volatile SinkSwitch sinkSwitch;
    private volatile HandlerSink handler;
    private volatile TracerRules rules = TracerRules.NONE;
    private volatile TracerState state;
    private volatile String error;
    private volatile int swaps;
    private volatile boolean closed;

    private DeployedTracer(Deployment deployment, int bufferCapacity, SeriesLimit daemonSeries) {
        this.deployment = deployment;
        this.buffer = new EventBuffer(bufferCapacity, deployment.epoch());
        this.output = new BufferingSink(deployment.id(), buffer);
        this.metrics = new MetricsRegistry("", Map.of("tracer", deployment.name(), "id", deployment.id()),
                MetricsRegistry.DEFAULT_MAX_SERIES, new SeriesLimit(SeriesLimit.DEFAULT_PER_TRACER, daemonSeries));
    }

    /**
     * Loads and attaches the package, starts its handler, and returns once events flow to it; on any
     * failure nothing stays loaded. {@code onHandlerStop} runs on the handler's thread when the
     * handler stops by itself (a fatal error, or a failure under {@code onHandlerError: stop}). Its
     * metrics hold series within {@code daemonSeries}.
     */
    static DeployedTracer start(Deployment deployment, int bufferCapacity, SeriesLimit daemonSeries,
                                List<URI> alertWebhooks, BiConsumer<DeployedTracer, HandlerException> onHandlerStop) {
        DeployedTracer tracer = new DeployedTracer(deployment, bufferCapacity, daemonSeries);
        tracer.attach(alertWebhooks, onHandlerStop);
        return tracer;
    }

    /** A tracer that could not be restored: listed as failed with the reason, holding nothing, running nothing. */
    static DeployedTracer failed(Deployment deployment, int bufferCapacity, SeriesLimit daemonSeries,
                                 String reason) {
        DeployedTracer tracer = new DeployedTracer(deployment, bufferCapacity, daemonSeries);
        tracer.state = TracerState.FAILED;
        tracer.error = reason;
        tracer.closed = true;
        tracer.buffer.close();
        return tracer;
    }

    private void attach(List<URI> alertWebhooks, BiConsumer<DeployedTracer, HandlerException> onHandlerStop) {
        TracerPackage pkg = deployment.effectivePackage();
        // S's container resolver plugs in here, as in RunCommand.
        TracerRules tracerRules = TracerRules.load(deployment.rules(), deployment.rules().isEmpty() ? List.of()
                : alertWebhooks, pkg.name(), ContainerLookup.HOST_ONLY, warning -> output.log(LogLevel.WARN,
                warning));
        HandlerSink h = pkg.handler().map(source -> loadHandler(source, onHandlerStop)).orElse(null);
        SinkSwitch sink = new SinkSwitch(h != null ? h : output);
        TracerSession started;
        try {
            started = TracerSession.start(pkg, new RunOptions(deployment.params(), Map.of())
                    .withFilter(deployment.filter()), tracerRules.wrap(sink, output));
        } catch (RuntimeException e) {
            if (h != null) {
                h.close();
            }
            tracerRules.close();
            throw e;
        }
        if (h != null) {
            try {
                h.start(started.object());
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        }
        this.session = started;
        this.sinkSwitch = sink;
        this.handler = h;
        this.rules = tracerRules;
        this.state = TracerState.RUNNING;
    }

    private HandlerSink loadHandler(PackageHandler source, BiConsumer<DeployedTracer, HandlerException> onStop) {
        TracerPackage pkg = deployment.effectivePackage();
        Map<String, Object> defaults = new LinkedHashMap<>();
        pkg.params().forEach(p -> defaults.put(p.name(), p.defaultValue()));
        HandlerServices services = new HandlerServices(defaults, metrics, Symbolizer.system(), output);
        HandlerSink sink = HandlerSink.load(source, HandlerOptions.from(pkg.options()), services, output);
        sink.onStop(cause -> onStop.accept(this, cause));
        return sink;
    }

    /**
     * Hot swap: the new handler takes over between two batches; events keep queueing meanwhile. A
     * tracer deployed without a handler gets one put in front of its output. The old handler's
     * onExit failing (or running past its budget) does not stop the swap; it is in the result.
     *
     * @return what the old handler handed over
     * @throws HandlerException when {@code next} does not load or init; the old handler stays
     * @throws DaemonException  409 when the tracer is not running, before or after the swap
     */
    synchronized HandOver swapHandler(PackageHandler next, Optional<byte[]> signedPackage,
                                      BiConsumer<DeployedTracer, HandlerException> onHandlerStop) {
        requireRunning();
        HandOver handOver = HandOver.NONE;
        if (handler != null) {
            handOver = handler.replace(next);
        } else {
            HandlerSink fresh = loadHandler(next, onHandlerStop);
            try {
                fresh.start(session.object());
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
            sinkSwitch.switchTo(fresh);
            handler = fresh;
        }
        deployment = deployment.withHandler(next, signedPackage);
        swaps++;
        requireRunning(); // it may have failed meanwhile (its old handler stopped it): the answer says so
        return handOver;
    }

    /**
     * Writes run-time params (.bss / .data globals) into the running object. All or nothing: when one
     * value is refused, those already written are put back.
     */
    synchronized void setParams(Map<String, String> values) {
        requireRunning();
        TracerPackage pkg = deployment.requirePackage();
        List<String> assignments = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        Map<String, String> parsed = new ParamBinder(pkg).parse(assignments); // unknown names: UserError
        Map<GlobalVariable, byte[]> before = new LinkedHashMap<>();
        for (String name : parsed.keySet()) {
            PackageParam param = pkg.param(name).orElseThrow();
            if (!param.isRuntimeWritable()) {
                throw DaemonException.unprocessable("read_only_param", "param " + name + " is a const volatile in "
                        + param.section() + ", fixed when the tracer was loaded; redeploy to change it");
            }
            GlobalVariable variable = session.object().variables().find(name).orElseThrow(() ->
                    DaemonException.unprocessable("invalid_param", "param " + name + " is not in the loaded object"));
            before.put(variable, variable.bytes());
        }
        try {
            before.keySet().forEach(v -> ParamBinder.set(v, parsed.get(v.name())));
        } catch (RuntimeException e) {
            before.forEach(GlobalVariable::setBytes);
            throw e;
        }
        Map<String, String> merged = new LinkedHashMap<>(deployment.params());
        merged.putAll(parsed);
        deployment = deployment.withParams(merged);
    }

    /**
     * The kernel side is gone: the handler stopped by itself, or the tracer failed otherwise. Its
     * buffer frees all but its last lines (kept until the tracer is deleted).
     */
    void markFailed(String reason) {
        if (state == TracerState.RUNNING) {
            error = reason;
            state = TracerState.FAILED;
            buffer.limitBytes(FAILED_BUFFER_BYTES);
        }
    }

    /** Detaches, and gives back what it held to the daemon (its metrics' series): the tracer is deleted. */
    void delete() {
        close();
        metrics.clear();
    }

    /** Detaches everything (the handler's onExit runs first); idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            rules.close();
            buffer.close();
            if (state == TracerState.RUNNING) {
                state = TracerState.STOPPED;
            }
        }
    }

    private void requireRunning() {
        if (state != TracerState.RUNNING || closed) {
            throw new DaemonException(DaemonException.Reason.CONFLICT, "not_running", "tracer " + id() + " is "
                    + state.label() + (error == null ? "" : " (" + error + ")"));
        }
    }

    /** Called about once a second by the registry. */
    void tick(long nanos) {
        TracerSession s = session;
        if (s != null) {
            rate.sample(nanos, s.stats().events());
        }
    }

    public String id() {
        return deployment.id();
    }

    public String name() {
        return deployment.name();
    }

    public Deployment deployment() {
        return deployment;
    }

    public TracerState state() {
        return state;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public EventBuffer buffer() {
        return buffer;
    }

    public MetricsRegistry metrics() {
        return metrics;
    }

    public int swaps() {
        return swaps;
    }

    public double eventsPerSecond() {
        return state == TracerState.RUNNING ? rate.perSecond() : 0;
    }

    /** The session while it is running (and after, for its counters); empty for a tracer never started. */
    public Optional<TracerSession> session() {
        return Optional.ofNullable(session);
    }

    /** The handler's counters, when the tracer has a handler. */
    public Optional<HandlerReport> handlerReport() {
        HandlerSink h = handler;
        return h == null ? Optional.empty() : Optional.of(h.report());
    }

    /** Its rules' alert and error counts and webhooks; {@link TracerRules#NONE} without rules. */
    public TracerRules rules() {
        return rules;
    }

    /** The running handler itself, when there is one (tests check that a stopped one is let go). */
    Optional<HandlerSink> handlerSink() {
        return Optional.ofNullable(handler);
    }

    /** Records that went to the buffer as events (decoded, or emitted by the handler). */
    long bufferedRecords() {
        return output.records();
    }

    /** Live objects are only read while the tracer runs and is not being closed. */
    synchronized <T> Optional<T> whileRunning(java.util.function.Function<TracerSession, T> read) {
        if (closed || session == null || state != TracerState.RUNNING) {
            return Optional.empty();
        }
        return Optional.ofNullable(read.apply(session));
    }
}
