package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.script.HandlerOptions;
import dev.polytrace.host.script.HandlerServices;
import dev.polytrace.host.script.HandlerSink;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.SessionStats;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.host.session.TypeNames;
import dev.polytrace.script.codec.BtfCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tracer the prompt is attached to: its session (object loaded, programs attached, streams
 * read), the ring that keeps its latest events, and the handler attached to it, if any.
 *
 * <p>Sampled maps are not sampled here: a sampler that clears a histogram every interval would
 * empty it under the user's {@code :dump} and {@code :watch}; the REPL reads maps on demand.
 */
final class LoadedTracer implements AutoCloseable {
    private static final BtfCodec CODEC = new BtfCodec();

    private final TracerPackage pkg;
    private final TracerSession session;
    private final EventRing ring;
    private final TracerFanout fanout;
    private final HandlerServices services;
    private volatile String handlerFile;

    private LoadedTracer(TracerPackage pkg, TracerSession session, EventRing ring, TracerFanout fanout,
                         HandlerServices services) {
        this.pkg = pkg;
        this.session = session;
        this.ring = ring;
        this.fanout = fanout;
        this.services = services;
    }

    /**
     * Loads and attaches {@code pkg} with {@code --param}-style assignments.
     *
     * @param services what a handler attached later gets besides the events (its log, metrics)
     */
    static LoadedTracer start(TracerPackage pkg, List<String> params, ProcessFilter filter, HandlerServices services,
                              int ringCapacity) {
        RunOptions options = new RunOptions(new ParamBinder(pkg).parse(params), Map.of()).withFilter(filter);
        EventRing ring = new EventRing(ringCapacity);
        TracerFanout fanout = new TracerFanout(ring);
        TracerSession session = TracerSession.start(withoutSamplers(pkg), options, fanout);
        return new LoadedTracer(pkg, session, ring, fanout, services);
    }

    private static TracerPackage withoutSamplers(TracerPackage pkg) {
        return new TracerPackage(pkg.formatVersion(), pkg.name(), pkg.version(), pkg.description(), pkg.object(),
                pkg.handler(), pkg.params(), pkg.programs(), pkg.maps(),
                new PackageOutputs(pkg.outputs().events(), List.of()), pkg.options(), pkg.signature(), pkg.origin(),
                pkg.warnings());
    }

    TracerPackage pkg() {
        return pkg;
    }

    String name() {
        return pkg.name();
    }

    BpfObject object() {
        return session.object();
    }

    EventRing events() {
        return ring;
    }

    SessionStats stats() {
        return session.stats();
    }

    Optional<HandlerSink> handler() {
        return Optional.ofNullable(fanout.handler());
    }

    /** The file name of the handler now running, or null. */
    String handlerFile() {
        return handlerFile;
    }

    /**
     * Attaches {@code source} as the tracer's handler, or hot-swaps it for the running one through
     * the handler runtime ({@link HandlerSink#replace}): the BPF side stays attached and events
     * queued meanwhile go to the new handler.
     *
     * @return one line saying what happened
     * @throws HandlerException when the handler does not load or its init fails (a running one stays)
     */
    String attachHandler(PackageHandler source) {
        long start = System.nanoTime();
        HandlerSink running = fanout.handler();
        if (running == null) {
            HandlerSink sink = HandlerSink.load(source, HandlerOptions.from(pkg.options()), services, ring);
            try {
                sink.start(session.object());
            } catch (HandlerException e) {
                sink.close();
                throw e;
            }
            fanout.attach(sink);
            handlerFile = source.fileName();
            return "handler " + source.fileName() + " attached in " + millisSince(start) + " ms";
        }
        HandOver handOver = running.replace(source);
        String previous = handlerFile;
        handlerFile = source.fileName();
        return "handler " + source.fileName() + " replaced " + previous + " in " + millisSince(start) + " ms"
                + (handOver.state() != null ? " (onExit state passed to init)" : "")
                + (handOver.exitError() != null ? " (its onExit failed: " + handOver.exitError() + ")" : "");
    }

    /** Param values as the programs see them now, decoded; the package's default when unreadable. */
    Map<String, Object> paramValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (PackageParam p : pkg.params()) {
            values.put(p.name(), variableValue(p.name()).orElse(p.defaultValue()));
        }
        return values;
    }

    Optional<Object> variableValue(String name) {
        try {
            return object().variables().find(name).map(v -> CODEC.decode(v.type(), v.bytes()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
        for (PackageOutputs.EventStream stream : pkg.outputs().events()) {
            TypeNames.find(object().btf(), stream.type()).ifPresent(t -> addMembers(t, names));
        }
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
        session.close();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
