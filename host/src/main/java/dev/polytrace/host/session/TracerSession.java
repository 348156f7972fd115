package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfLink;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.VerifierException;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.container.ExitedProcesses;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.host.filter.FilterPlacement;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapText;
import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.host.pkg.PackageProgram;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.system.StartupTrace;
import dev.polytrace.script.codec.RecordLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running tracer: its object loaded with the user's params, its programs attached, a reader
 * thread per event stream and a sampler per sampled map, all feeding one {@link EventSink}; with
 * {@link MapPrinting} on, the other maps too (see {@link PrintedMaps}). {@link #close()} stops the
 * threads, prints the sampled and printed maps one last time and detaches everything.
 */
public final class TracerSession implements AutoCloseable {
    private final TracerPackage pkg;
    private final BpfObject object;
    private final List<BpfLink> links;
    private final EventSink sink;
    private final SessionStats stats = new SessionStats();
    private final List<StreamPump> pumps = new ArrayList<>();
    private final List<MapSampler> samplers = new ArrayList<>();
    private final PrintedMaps printed;
    private final RunFilter filter;
    private final ScheduledExecutorService sampling;
    private volatile boolean closed;
    private volatile CompletableFuture<ExitedProcesses.Hold> exitRecords = CompletableFuture.completedFuture(() -> { });

    private TracerSession(TracerPackage pkg, BpfObject object, List<BpfLink> links, EventSink sink,
            MapPrinting maps, RunFilter filter) {
        this.pkg = pkg;
        this.filter = filter;
        this.object = object;
        this.links = links;
        this.sink = sink;
        this.printed = maps.enabled() ? PrintedMaps.select(object, pkg, maps.top())
                : PrintedMaps.none(object);
        this.sampling = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polytrace-sampler-" + pkg.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads, attaches and starts reading; on any failure nothing stays loaded. */
    public static TracerSession start(TracerPackage pkg, RunOptions options, EventSink sink) {
        pkg.warnings().forEach(w -> options.notices().accept("warning: " + w));
        RunFilter filter = RunFilter.resolve(pkg, options.filter());
        BpfObject object = load(pkg, options, filter);
        StartupTrace.mark("object loaded (verifier passed)");
        TracerSession session = null;
        try {
            filter.afterLoad(object);
            List<BpfLink> links = ProgramAttacher.attachAll(object, attachTargets(pkg, options));
            StartupTrace.mark("attached");
            session = new TracerSession(pkg, object, links, sink, options.maps(), filter);
            session.startStreams();
            session.startSamplers();
            session.startPrinting(options.maps());
            return session;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            } else {
                object.close();
            }
            throw e;
        }
    }

    /**
     * Opens the object under the package's name (which names libbpf's data-section maps, as
     * eunomia packages expect), sets params, map sizes and the programs to load (not those whose
     * tracepoint this kernel lacks), then loads it.
     */
    private static BpfObject load(TracerPackage pkg, RunOptions options, RunFilter filter) {
        OpenBpfObject open = ObjectContents.of(pkg).btf()
                .map(btf -> OpenBpfObject.open(pkg.object().elf(), pkg.name(), btf))
                .orElseGet(() -> OpenBpfObject.open(pkg.object().elf(), pkg.name())); // fails: no BTF
        StartupTrace.mark("object opened (libbpf bound)");
        MapCreationFailure shapes;
        try {
            ParamBinder binder = new ParamBinder(pkg);
            Map<String, String> params = new LinkedHashMap<>(binder.packageDefaults());
            params.putAll(options.params());
            binder.apply(open.variables(), params);
            filter.beforeLoad(open);
            for (PackageProgram p : pkg.programs()) {
                open.programs().stream().filter(op -> op.name().equals(p.name())).findFirst()
                        .orElseThrow(() -> new UserError(pkg.origin() + ": program " + p.name() + " is not in the object"));
            }
            String choice = ProgramChoice.apply(open, options.disabledPrograms(), ProgramChoice.KERNEL);
            String absent = AbsentHooks.apply(open, targetedTracepoints(pkg, options), AbsentHooks.KERNEL);
            Map<String, Long> sizes = new LinkedHashMap<>();
            pkg.maps().forEach(m -> sizes.put(m.name(), m.maxEntries()));
            sizes.putAll(options.mapSizes());
            MapSizing.apply(open, sizes).forEach(n -> options.notices().accept(pkg.name() + ": " + n));
            if (!choice.isEmpty()) {
                options.notices().accept(pkg.name() + ": " + choice);
            }
            if (!absent.isEmpty()) {
                options.notices().accept(pkg.name() + ": " + absent);
            }
            shapes = MapCreationFailure.before(open);
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
        try {
            return open.load(); // closes the open object itself on failure
        } catch (VerifierException e) {
            throw shapes.explain(e).<RuntimeException>map(m -> new UserError(pkg.name() + ": " + m, e)).orElse(e);
        }
    }

    /** Programs told which tracepoint to attach to, whatever their section says. */
    private static Set<String> targetedTracepoints(TracerPackage pkg, RunOptions options) {
        Set<String> targeted = new HashSet<>();
        attachTargets(pkg, options).forEach((program, target) -> {
            if (target.tracepoint() != null) {
                targeted.add(program);
            }
        });
        return targeted;
    }

    private static Map<String, AttachTarget> attachTargets(TracerPackage pkg, RunOptions options) {
        Map<String, AttachTarget> targets = new HashMap<>();
        for (PackageProgram p : pkg.programs()) {
            p.attach().ifPresent(t -> targets.put(p.name(), t));
        }
        options.attach().forEach((program, override) ->
                targets.merge(program, override, (packaged, given) -> packaged.overriddenBy(given)));
        return targets;
    }

    private void startStreams() {
        boolean needsExitRecords = false;
        for (EventStream stream : pkg.outputs().events()) {
            BpfMap map = object.map(stream.map());
            BtfType type = EventTypes.of(pkg, stream).orElseThrow(() -> new UserError(
                    pkg.origin() + ": event type " + stream.type() + " of map " + stream.map()
                            + " is not in the object's BTF"));
            RecordLayout layout = RecordLayout.of(type);
            StreamPump pump = new StreamPump(stream.map(), EventStreamReader.open(map), layout, sink, stats,
                    ContainerResolver.system(), filter.forStream(pkg.name(), stream.map(), layout));
            pumps.add(pump);
            ProcessFields process = ProcessFields.of(layout);
            needsExitRecords |= process.hasPid() && !process.hasCgroupId();
        }
        pumps.forEach(StreamPump::start);
        if (needsExitRecords) {
            // Events that name a process by pid alone: keep the cgroups processes exit in, so that one
            // gone by the time its event is read still has its container. On a thread of its own:
            // loading that program must not hold back the first events.
            exitRecords = CompletableFuture.supplyAsync(ExitedProcesses::hold,
                    task -> Thread.ofPlatform().daemon().name("polytrace-exits-" + pkg.name()).start(task));
        }
    }

    private void startSamplers() {
        for (SampledMap sampled : pkg.outputs().samples()) {
            MapSampler sampler = new MapSampler(sampled, object.map(sampled.map()), object.btf());
            samplers.add(sampler);
            long interval = Math.max(10, sampled.intervalMs());
            sampling.scheduleAtFixedRate(() -> emitSample(sampler), interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    private void startPrinting(MapPrinting maps) {
        if (!maps.enabled() || maps.interval().isEmpty()) {
            return;
        }
        long interval = Math.max(10, maps.interval().get().toMillis());
        sampling.scheduleAtFixedRate(() -> printed.printTo(sink, stats), interval, interval, TimeUnit.MILLISECONDS);
    }

    /** An empty sample prints as nothing, as BCC prints an empty histogram. */
    private void emitSample(MapSampler sampler) {
        try {
            MapReport report = sampler.sample();
            sink.onSample(sampler.mapName(), report.isEmpty() ? "" : MapText.render(report));
        } catch (RuntimeException e) {
            stats.sampleErrors.increment();
            sink.onSample(sampler.mapName(), "sampling " + sampler.mapName() + " failed: " + e.getMessage());
        }
    }

    public TracerPackage pkg() {
        return pkg;
    }

    /** The loaded object, for handlers and the REPL; closed with the session. */
    public BpfObject object() {
        return object;
    }

    public List<BpfLink> links() {
        return links;
    }

    /** Where this run's filters apply: in the kernel or in the host. */
    public FilterPlacement filterPlacement() {
        return filter.placement();
    }

    public SessionStats stats() {
        return stats;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops reading, prints every sampled and printed map a final time, detaches and frees everything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampling.shutdownNow();
        try {
            sampling.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pumps.forEach(StreamPump::stop);
        try {
            sink.onClose(this::printLast);
        } finally {
            object.close();
            exitRecords.join().close();
        }
    }

    /** The maps' last print: after every event, and after a handler's onExit. */
    private void printLast() {
        if (object.isClosed()) {
            return;
        }
        samplers.forEach(this::emitSample);
        printed.printTo(sink, stats);
    }
}
