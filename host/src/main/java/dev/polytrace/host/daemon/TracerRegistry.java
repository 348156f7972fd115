package dev.polytrace.host.daemon;

import dev.polytrace.host.daemon.signing.TrustedKeys;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.output.TerminalText;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.script.metrics.SeriesLimit;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's tracers: deploys (checking package, pin, signature, params and the tracer limit),
 * finds, changes and removes them, keeps the state directory in step, and restores from it with
 * the same checks ({@link DeployChecks}). Everything the HTTP layer does goes through here;
 * nothing here knows about HTTP.
 */
public final class TracerRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");

    private final DaemonConfig config;
    private final DeployChecks checks;
    private final Optional<StateStore> store;
    private final Map<String, DeployedTracer> tracers = new ConcurrentHashMap<>();
    private final SeriesLimit series = new SeriesLimit(SeriesLimit.DEFAULT_PER_DAEMON, null);
    private final AtomicLong numbers = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final ExecutorService closer;
    private final HeapGiveBack heap = HeapGiveBack.forThisProcess();
    private int starting;
    private volatile boolean closing;

    private TracerRegistry(DaemonConfig config, DeployChecks checks, Optional<StateStore> store) {
        this.config = config;
        this.checks = checks;
        this.store = store;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("polytrace-daemon-ticker"));
        this.closer = Executors.newSingleThreadExecutor(daemonThreads("polytrace-daemon-closer"));
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A registry for {@code config}: checks (and creates) the state directory and reads the trusted
     * keys, restores nothing yet. @throws IOException naming a path the daemon cannot trust or read
     */
    public static TracerRegistry create(DaemonConfig config) throws IOException {
        Optional<StateStore> store = config.stateDir().isPresent()
                ? Optional.of(StateStore.open(config.stateDir().get())) : Optional.empty();
        Optional<TrustedKeys> keys = config.trustedKeys().isPresent()
                ? Optional.of(TrustedKeys.load(config.trustedKeys().get())) : Optional.empty();
        return new TracerRegistry(config, new DeployChecks(keys), store);
    }

    public boolean requiresSignature() {
        return checks.requiresSignature();
    }

    /**
     * Reads the keys directory again (SIGHUP). @return how many keys are trusted now; empty without
     * --require-signature @throws IOException when it cannot be read; the keys read before stay
     */
    public Optional<Integer> reloadTrustedKeys() throws IOException {
        return checks.reloadKeys();
    }

    public int maxTracers() {
        return config.maxTracers();
    }

    /** Deploys and returns once the tracer is attached and its handler runs. */
    public DeployedTracer deploy(DeployRequest request) {
        requireOpen();
        byte[] document = request.source().bytes();
        TracerPackage pkg = request.source().read(document);
        String sha256 = DeployChecks.sha256(pkg);
        if (request.sha256().isPresent() && !request.sha256().get().equals(sha256)) {
            throw DaemonException.badRequest("sha256_mismatch", "the package's sha256 is " + sha256
                    + ", not the pinned " + request.sha256().get());
        }
        checks.signature(pkg, request.handler().isPresent());
        Map<String, String> params = DeployChecks.params(pkg, request.params());
        DeployChecks.rules(request.rules());
        reserveSlot();
        try {
            Deployment d = Deployment.deployed(newId(), numbers.incrementAndGet(), request.name().orElse(pkg.name()),
                    document, pkg, sha256, params, request.handler(), request.rules()).withFilter(request.filter());
            DeployedTracer tracer = DeployedTracer.start(d, config.eventBuffer(), series, config.alertWebhooks(),
                    this::handlerStopped);
            tracers.put(d.id(), tracer);
            heap.tracerCame();
            keep(d, true);
            LOG.info("deployed {} as {} (sha256 {})", d.name(), d.id(), sha256);
            return tracer;
        } finally {
            releaseSlot();
        }
    }

    /**
     * Starts what the state directory holds, each tracer checked as a deploy would be. One that
     * fails a check, whose files cannot be read or disagree, or that does not start, is listed as
     * failed with the reason (and logged), and nothing of it runs.
     */
    public void restore() throws IOException {
        if (store.isEmpty()) {
            return;
        }
        List<StateStore.Entry> entries = store.get().load();
        entries.forEach(e -> {
            if (e instanceof StateStore.Stored s) {
                numbers.accumulateAndGet(s.settings().number(), Math::max);
            }
        });
        Set<Long> taken = new HashSet<>();
        for (StateStore.Entry entry : entries) {
            DeployedTracer t = switch (entry) {
                case StateStore.Stored s -> restore(s, taken);
                case StateStore.Unusable u -> notRestored(unread(u.id()), u.reason(), taken);
            };
            tracers.put(t.id(), t);
        }
    }

    private DeployedTracer restore(StateStore.Stored stored, Set<Long> taken) {
        Deployment d;
        try {
            d = checks.restored(stored);
        } catch (RuntimeException e) {
            return notRestored(asStored(stored), firstLine(e), taken);
        }
        if (taken.contains(d.number())) {
            return notRestored(d, "its number " + d.number() + " is another restored tracer's too", taken);
        }
        if (d.epoch() >= EventBuffer.MAX_EPOCH) {
            return notRestored(d, "restarted too many times to number its records; deploy it again", taken);
        }
        try {
            reserveSlot();
        } catch (DaemonException e) {
            return notRestored(d, e.getMessage(), taken);
        }
        try {
            Deployment next = d.nextEpoch();
            try {
                store.get().save(next, false); // before any record is numbered in the new epoch
            } catch (IOException e) {
                return notRestored(d, "cannot record the restart in deployment.json (" + e.getMessage() + ")", taken);
            }
            DeployedTracer t = DeployedTracer.start(next, config.eventBuffer(), series,
                    config.alertWebhooks(), this::handlerStopped);
            taken.add(next.number());
            LOG.info("restored {} as {}", next.name(), next.id());
            return t;
        } catch (RuntimeException e) {
            return notRestored(d, "restore failed: " + firstLine(e), taken);
        } finally {
            releaseSlot();
        }
    }

    /** Listed as failed with {@code reason}; its state stays (DELETE removes it). */
    private DeployedTracer notRestored(Deployment d, String reason, Set<Long> taken) {
        Deployment listed = taken.add(d.number()) ? d : renumbered(d); // eunomia clients find tracers by number
        taken.add(listed.number());
        LOG.error("{}: not restored: {}", d.id(), TerminalText.line(reason));
        return DeployedTracer.failed(listed, config.eventBuffer(), series, "not restored: " + reason);
    }

    private Deployment renumbered(Deployment d) {
        return new Deployment(d.id(), numbers.incrementAndGet(), d.epoch(), d.name(), d.document(), d.pkg(),
                d.sha256(), d.params(), d.handler(), d.handlerDocument(), d.created(), d.filter(), d.rules());
    }

    /** What the files say of a tracer whose package did not pass. */
    private static Deployment asStored(StateStore.Stored s) {
        DeploymentFile.Settings st = s.settings();
        return new Deployment(st.id(), st.number(), st.epoch(), st.name(), s.document(), Optional.empty(),
                Optional.of(st.sha256()), st.params(), st.handler(), s.handlerDocument(), st.created(), st.filter(),
                st.rules());
    }

    /** A tracer of which nothing could be read but its id. */
    private Deployment unread(String id) {
        return new Deployment(id, numbers.incrementAndGet(), 0, id, new byte[0], Optional.empty(), Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty(), Instant.EPOCH,
                ProcessFilter.NONE, List.of());
    }

    /** Every tracer, oldest first. */
    public List<DeployedTracer> list() {
        return tracers.values().stream()
                .sorted(Comparator.comparingLong((DeployedTracer t) -> t.deployment().number()))
                .toList();
    }

    /** @throws DaemonException 400 for an invalid id, 404 for an unknown one */
    public DeployedTracer get(String id) {
        DeployedTracer t = tracers.get(TracerId.require(id));
        if (t == null) {
            throw DaemonException.notFound("no tracer " + id);
        }
        return t;
    }

    /** The tracer of an eunomia-style integer id. */
    public DeployedTracer byNumber(long number) {
        return tracers.values().stream().filter(t -> t.deployment().number() == number).findFirst()
                .orElseThrow(() -> DaemonException.notFound("Invalid handle: " + number));
    }

    /** Detaches and forgets a tracer (its state too); returns it, closed, for its final counters. */
    public DeployedTracer remove(String id) {
        DeployedTracer t = tracers.remove(TracerId.require(id));
        if (t == null) {
            throw DaemonException.notFound("no tracer " + id);
        }
        synchronized (t) { // after a change in progress has been saved, and before another can be
            t.delete();
            store.ifPresent(s -> s.remove(id));
        }
        heap.tracerGone();
        LOG.info("stopped {} ({})", t.id(), t.name());
        return t;
    }

    /**
     * {@code PUT /handler}: the body is a handler ({@code {"language", "source", "fileName"}}) or a
     * package whose handler to take (its object must be the running one). With
     * {@code --require-signature} only a signed package is accepted, since a bare handler is unsigned
     * code; the package is kept beside the tracer's, so a restart can check its signature again.
     *
     * @return what the old handler handed over; the tracer is running with the new one
     */
    public HandOver swapHandler(String id, SwapRequest request) {
        DeployedTracer t = get(id);
        PackageHandler next;
        Optional<byte[]> carrier = Optional.empty();
        if (request instanceof SwapRequest.CarriedHandler(TracerPackage pkg, byte[] document)) {
            checks.signature(pkg, false);
            if (!pkg.object().sha256().equals(t.deployment().requirePackage().object().sha256())) {
                throw new DaemonException(DaemonException.Reason.CONFLICT, "different_object",
                        "the package's object is not the one tracer " + id + " runs; deploy it as a new tracer");
            }
            next = pkg.handler().orElseThrow(() -> DaemonException.badRequest("bad_request",
                    "the package has no handler to swap in"));
            carrier = Optional.of(document);
        } else {
            if (requiresSignature()) {
                throw new DaemonException(DaemonException.Reason.FORBIDDEN, "signature_required",
                        "this daemon only runs signed code: PUT a signed package carrying the new handler");
            }
            next = ((SwapRequest.BareHandler) request).handler();
        }
        HandOver handOver;
        synchronized (t) { // saved under the tracer's lock, so the state files follow the order of changes
            Deployment before = t.deployment();
            try {
                handOver = t.swapHandler(next, carrier);
            } finally {
                if (t.deployment() != before) { // the new handler went in, even if the tracer failed meanwhile
                    keep(t.deployment(), false);
                }
            }
        }
        LOG.info("{}: handler swapped for {}{}", id, TerminalText.line(next.fileName()), handOver.exitError() == null
                ? "" : " (the old handler's onExit failed: " + TerminalText.line(handOver.exitError()) + ")");
        return handOver;
    }

    /** {@code PATCH /params}: run-time globals. */
    public DeployedTracer setParams(String id, Map<String, String> values) {
        DeployedTracer t = get(id);
        synchronized (t) {
            t.setParams(values);
            keep(t.deployment(), false);
        }
        return t;
    }

    public String metrics() {
        return HostMetrics.exposition(list());
    }

    /** Detaches every tracer; their state stays for the next start. */
    @Override
    public void close() {
        closing = true;
        ticker.shutdownNow();
        list().parallelStream().forEach(t -> {
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.error("{}: closing failed: {}", t.id(), e.getMessage());
            }
        });
        closer.shutdown();
        try {
            closer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the tracer's state; a failure is logged: the tracer runs on, but would not come back. */
    private void keep(Deployment d, boolean withPackage) {
        if (store.isEmpty()) {
            return;
        }
        try {
            store.get().save(d, withPackage);
        } catch (IOException e) {
            LOG.error("cannot keep tracer {} in the state directory ({}): it will not be restored", d.id(),
                    e.getMessage());
        }
    }

    /** On the handler's thread: mark failed now, detach on another thread (closing waits for this one). */
    private void handlerStopped(DeployedTracer t, HandlerException cause) {
        t.markFailed("handler stopped: " + cause.getMessage());
        LOG.warn("{}: handler stopped ({}); detaching the tracer", t.id(), TerminalText.line(cause.getMessage()));
        if (!closer.isShutdown()) {
            closer.execute(() -> {
                try {
                    t.close();
                } catch (RuntimeException e) {
                    LOG.error("{}: detaching failed: {}", t.id(), e.getMessage());
                }
                heap.tracerGone();
            });
        }
    }

    private synchronized void reserveSlot() {
        long running = tracers.values().stream().filter(t -> t.state() == TracerState.RUNNING).count();
        if (running + starting >= config.maxTracers()) {
            throw new DaemonException(DaemonException.Reason.CONFLICT, "max_tracers", "this daemon already runs "
                    + config.maxTracers() + " tracers (--max-tracers); stop one first");
        }
        starting++;
    }

    private synchronized void releaseSlot() {
        starting--;
    }

    private String newId() {
        String id;
        do {
            id = TracerId.generate();
        } while (tracers.containsKey(id));
        return id;
    }

    private void requireOpen() {
        if (closing) {
            throw new DaemonException(DaemonException.Reason.UNAVAILABLE, "shutting_down", "the daemon is stopping");
        }
    }

    /** What gives the heap back after tracers went away; local runs report their end to it too. */
    public HeapGiveBack heap() {
        return heap;
    }

    private void tick() {
        long now = System.nanoTime();
        tracers.values().forEach(t -> t.tick(now));
        heap.tick();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
