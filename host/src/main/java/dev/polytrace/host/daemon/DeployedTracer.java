package dev.polytrace.host.daemon;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.ContainerLookup;
import dev.polytrace.host.rules.TracerRules;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.tracer.HandlerStartException;
import dev.polytrace.host.tracer.ParamChangeRefused;
import dev.polytrace.host.tracer.RunningTracer;
import dev.polytrace.host.tracer.TracerRequest;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.metrics.SeriesLimit;
import dev.polytrace.script.api.LogLevel;
import java.net.URI;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One tracer the daemon runs: the running tracer (kernel side and handler), its alert rules, the
 * buffer its output (and its alerts) goes to, its metrics and its deployment record. Changes (swap, params, close) are serialized on the tracer; reads of
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
    private volatile RunningTracer tracer;
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
        TracerRequest request = TracerRequest.of(pkg, new RunOptions(deployment.params(), Map.of())
                        .withFilter(deployment.filter()), output)
                .withRules(tracerRules)
                .withHandlerServices(metrics, output).withHandlerStop(cause -> onHandlerStop.accept(this, cause));
        try {
            this.tracer = RunningTracer.start(request);
        } catch (HandlerStartException e) {
            tracerRules.close();
            throw e.failure(); // answered as the handler's own failure
        } catch (RuntimeException e) {
            tracerRules.close();
            throw e;
        }
        this.rules = tracerRules;
        this.state = TracerState.RUNNING;
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
    synchronized HandOver swapHandler(PackageHandler next, Optional<byte[]> signedPackage) {
        requireRunning();
        HandOver handOver = tracer.swapHandler(next);
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
        Map<String, String> parsed;
        try {
            parsed = tracer.setParams(values); // unknown names, bad values: UserError
        } catch (ParamChangeRefused e) {
            throw DaemonException.unprocessable(e.reason() == ParamChangeRefused.Reason.READ_ONLY
                    ? "read_only_param" : "invalid_param", e.getMessage());
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
            if (tracer != null) {
                tracer.close();
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
        RunningTracer t = tracer;
        if (t != null) {
            rate.sample(nanos, t.stats().events());
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

    /** The tracer while it is running (and after, for its counters); empty for a tracer never started. */
    public Optional<RunningTracer> running() {
        return Optional.ofNullable(tracer);
    }

    /** The handler's counters, when the tracer has a handler. */
    public Optional<HandlerReport> handlerReport() {
        RunningTracer t = tracer;
        return t == null ? Optional.empty() : t.handlerReport();
    }

    /** Its rules' alert and error counts and webhooks; {@link TracerRules#NONE} without rules. */
    public TracerRules rules() {
        return rules;
    }

    /** The running handler itself, when there is one (tests check that a stopped one is let go). */
    Optional<HandlerRuntime> handlerRuntime() {
        RunningTracer t = tracer;
        return t == null ? Optional.empty() : t.handler();
    }

    /** Records that went to the buffer as events (decoded, or emitted by the handler). */
    long bufferedRecords() {
        return output.records();
    }

    /** Live objects are only read while the tracer runs and is not being closed. */
    synchronized <T> Optional<T> whileRunning(java.util.function.Function<RunningTracer, T> read) {
        if (closed || tracer == null || state != TracerState.RUNNING) {
            return Optional.empty();
        }
        return Optional.ofNullable(read.apply(tracer));
    }
}
