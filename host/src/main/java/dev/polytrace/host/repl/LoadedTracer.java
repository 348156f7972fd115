package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.session.EventTypes;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.SessionStats;
import dev.polytrace.host.tracer.Delivery;
import dev.polytrace.host.tracer.RunningTracer;
import dev.polytrace.host.tracer.TracerRequest;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tracer the prompt is attached to: the {@link RunningTracer} (object loaded, programs
 * attached, streams read, handler if any) and the ring that keeps its latest events, which gets
 * every record beside the handler, undecoded until the prompt shows it.
 *
 * <p>Sampled maps are not sampled here: a sampler that clears a histogram every interval would
 * empty it under the user's {@code :dump} and {@code :watch}; the REPL reads maps on demand.
 */
final class LoadedTracer implements AutoCloseable {
    private final RunningTracer tracer;
    private final EventRing ring;

    private LoadedTracer(RunningTracer tracer, EventRing ring) {
        this.tracer = tracer;
        this.ring = ring;
    }

    /**
     * Loads and attaches {@code pkg} with {@code --param}-style assignments, without a handler.
     *
     * @param metrics the metrics of a handler attached later
     * @param log     the log (and stdout, stderr) of a handler attached later
     */
    static LoadedTracer start(TracerPackage pkg, List<String> params, ProcessFilter filter, MetricsRegistry metrics,
                              HandlerLog log, int ringCapacity) {
        RunOptions options = new RunOptions(new ParamBinder(pkg).parse(params), Map.of()).withFilter(filter);
        EventRing ring = new EventRing(ringCapacity);
        TracerRequest request = TracerRequest.of(pkg, options, ring).withHandler(Optional.empty())
                .withHandlerServices(metrics, log).withDelivery(Delivery.EVERY_EVENT_TO_OUTPUT, false);
        return new LoadedTracer(RunningTracer.start(request), ring);
    }

    TracerPackage pkg() {
        return tracer.pkg();
    }

    String name() {
        return tracer.pkg().name();
    }

    BpfObject object() {
        return tracer.object();
    }

    EventRing events() {
        return ring;
    }

    SessionStats stats() {
        return tracer.stats();
    }

    Optional<HandlerRuntime> handler() {
        return tracer.handler();
    }

    /** The file name of the handler now running, or null. */
    String handlerFile() {
        return tracer.handlerSource().map(PackageHandler::fileName).orElse(null);
    }

    /**
     * Attaches {@code source} as the tracer's handler, or hot-swaps it for the running one: the BPF
     * side stays attached and events queued meanwhile go to the new handler.
     *
     * @return one line saying what happened
     * @throws HandlerException when the handler does not load or its init fails (a running one stays)
     */
    String attachHandler(PackageHandler source) {
        long start = System.nanoTime();
        String previous = handlerFile();
        HandOver handOver = tracer.swapHandler(source);
        if (previous == null) {
            return "handler " + source.fileName() + " attached in " + millisSince(start) + " ms";
        }
        return "handler " + source.fileName() + " replaced " + previous + " in " + millisSince(start) + " ms"
                + (handOver.state() != null ? " (onExit state passed to init)" : "")
                + (handOver.exitError() != null ? " (its onExit failed: " + handOver.exitError() + ")" : "");
    }

    /** Param values as the programs see them now, decoded; the package's default when unreadable. */
    Map<String, Object> paramValues() {
        return tracer.paramValues();
    }

    Optional<Object> variableValue(String name) {
        return tracer.variableValue(name);
    }

    /** The object's global variables, without the build's own helpers. */
    List<GlobalVariable> variables() {
        List<GlobalVariable> all = new ArrayList<>();
        for (GlobalVariable v : object().variables().all()) {
            if (!v.name().startsWith("__polytrace")) {
                all.add(v);
            }
        }
        return all;
    }

    /** Field names of the records of every event stream, from their BTF struct. */
    Set<String> eventFields() {
        Set<String> names = new LinkedHashSet<>();
        EventTypes.of(pkg()).values().forEach(t -> addMembers(t, names));
        return names;
    }

    private static void addMembers(BtfType type, Set<String> names) {
        if (type.resolve() instanceof BtfStruct struct) {
            for (BtfMember m : struct.members()) {
                if (m.name() == null || m.name().isEmpty()) {
                    addMembers(m.type(), names); // an anonymous member's fields read as the record's own
                } else {
                    names.add(m.name());
                }
            }
        }
    }

    /** Detaches everything: the handler drains and runs its onExit, then the programs and maps go. */
    @Override
    public void close() {
        tracer.close();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
