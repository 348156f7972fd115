package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.signing.SigningException;
import dev.polytrace.host.daemon.signing.TrustedKeys;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.session.ParamBinder;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * finds, changes and removes them, keeps the state directory in step, and restores from it.
 * Everything the HTTP layer does goes through here; nothing here knows about HTTP.
 */
public final class TracerRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");

    private final DaemonConfig config;
    private final Optional<TrustedKeys> trustedKeys;
    private final Optional<StateStore> store;
    private final Map<String, DeployedTracer> tracers = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final ExecutorService closer;
    private int starting;
    private volatile boolean closing;

    private TracerRegistry(DaemonConfig config, Optional<TrustedKeys> trustedKeys, Optional<StateStore> store) {
        this.config = config;
        this.trustedKeys = trustedKeys;
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
        return new TracerRegistry(config, keys, store);
    }

    public boolean requiresSignature() {
        return trustedKeys.isPresent();
    }

    /**
     * Reads the keys directory again (SIGHUP). @return how many keys are trusted now; empty without
     * --require-signature @throws IOException when it cannot be read; the keys read before stay
     */
    public Optional<Integer> reloadTrustedKeys() throws IOException {
        return trustedKeys.isEmpty() ? Optional.empty() : Optional.of(trustedKeys.get().reload());
    }

    public int maxTracers() {
        return config.maxTracers();
    }

    /** Deploys and returns once the tracer is attached and its handler runs. */
    public DeployedTracer deploy(DeployRequest request) {
        requireOpen();
        byte[] document = request.source().bytes();
        TracerPackage pkg = request.source().read(document);
        String sha256 = ObjectEncoding.sha256(PackageWriter.canonical(pkg));
        if (request.sha256().isPresent() && !request.sha256().get().equals(sha256)) {
            throw DaemonException.badRequest("sha256_mismatch", "the package's sha256 is " + sha256
                    + ", not the pinned " + request.sha256().get());
        }
        checkSignature(pkg, request.handler().isPresent());
        Map<String, String> params = new ParamBinder(pkg).parse(request.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        reserveSlot();
        try {
            Deployment d = new Deployment(newId(), numbers.incrementAndGet(), request.name().orElse(pkg.name()),
                    document, pkg, sha256, params, request.handler(), Instant.now());
            DeployedTracer tracer = DeployedTracer.start(d, config.eventBuffer(), this::handlerStopped);
            tracers.put(d.id(), tracer);
            store.ifPresent(s -> s.save(d, true));
            LOG.info("deployed {} as {} (sha256 {})", d.name(), d.id(), sha256);
            return tracer;
        } finally {
            releaseSlot();
        }
    }

    /** Starts what the state directory holds; a tracer that fails to start is listed as failed. */
    public void restore() throws IOException {
        if (store.isEmpty()) {
            return;
        }
        for (StateStore.Stored s : store.get().load()) {
            TracerPackage pkg;
            try {
                pkg = PackageReader.read(s.document(), "state:" + s.id());
            } catch (RuntimeException e) {
                LOG.error("cannot restore tracer {}: {}", s.id(), e.getMessage());
                continue;
            }
            numbers.accumulateAndGet(s.number(), Math::max);
            Deployment d = new Deployment(s.id(), s.number(), s.name(), s.document(), pkg,
                    ObjectEncoding.sha256(PackageWriter.canonical(pkg)), s.params(), s.handler(), s.created());
            try {
                tracers.put(d.id(), DeployedTracer.start(d, config.eventBuffer(), this::handlerStopped));
                LOG.info("restored {} as {}", d.name(), d.id());
            } catch (RuntimeException e) {
                String reason = "restore failed: " + firstLine(e);
                LOG.error("{}: {}", d.id(), reason);
                tracers.put(d.id(), DeployedTracer.failed(d, config.eventBuffer(), reason));
            }
        }
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
            t.close();
            store.ifPresent(s -> s.remove(id));
        }
        LOG.info("stopped {} ({})", t.id(), t.name());
        return t;
    }

    /**
     * {@code PUT /handler}: the body is a handler ({@code {"language", "source", "fileName"}}) or a
     * package whose handler to take (its object must be the running one). With
     * {@code --require-signature} only a signed package is accepted, since a bare handler is unsigned code.
     */
    public DeployedTracer swapHandler(String id, byte[] body) {
        DeployedTracer t = get(id);
        JsonNode root = RequestJson.object(body);
        PackageHandler next;
        if (DeployRequest.isPackage(root)) {
            TracerPackage pkg = PackageReader.read(body, "request");
            checkSignature(pkg, false);
            if (!pkg.object().sha256().equals(t.deployment().pkg().object().sha256())) {
                throw new DaemonException(DaemonException.Reason.CONFLICT, "different_object",
                        "the package's object is not the one tracer " + id + " runs; deploy it as a new tracer");
            }
            next = pkg.handler().orElseThrow(() -> DaemonException.badRequest("bad_request",
                    "the package has no handler to swap in"));
        } else {
            if (requiresSignature()) {
                throw new DaemonException(DaemonException.Reason.FORBIDDEN, "signature_required",
                        "this daemon only runs signed code: PUT a signed package carrying the new handler");
            }
            next = RequestJson.handler(root, "handler");
        }
        synchronized (t) { // saved under the tracer's lock, so the state files follow the order of changes
            t.swapHandler(next, this::handlerStopped);
            store.ifPresent(s -> s.save(t.deployment(), false));
        }
        LOG.info("{}: handler swapped for {}", id, next.fileName());
        return t;
    }

    /** {@code PATCH /params}: run-time globals. */
    public DeployedTracer setParams(String id, Map<String, String> values) {
        DeployedTracer t = get(id);
        synchronized (t) {
            t.setParams(values);
            store.ifPresent(s -> s.save(t.deployment(), false));
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

    /** On the handler's thread: mark failed now, detach on another thread (closing waits for this one). */
    private void handlerStopped(DeployedTracer t, HandlerException cause) {
        t.markFailed("handler stopped: " + cause.getMessage());
        LOG.warn("{}: handler stopped ({}); detaching the tracer", t.id(), cause.getMessage());
        if (!closer.isShutdown()) {
            closer.execute(() -> {
                try {
                    t.close();
                } catch (RuntimeException e) {
                    LOG.error("{}: detaching failed: {}", t.id(), e.getMessage());
                }
            });
        }
    }

    private void checkSignature(TracerPackage pkg, boolean handlerOverride) {
        if (trustedKeys.isEmpty()) {
            return;
        }
        if (handlerOverride) {
            throw new DaemonException(DaemonException.Reason.FORBIDDEN, "signature_required",
                    "this daemon only runs signed code: a handler given beside the package is not covered by its signature");
        }
        try {
            trustedKeys.get().verify(pkg);
        } catch (SigningException e) {
            throw new DaemonException(DaemonException.Reason.FORBIDDEN, "bad_signature", e.getMessage(), e);
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

    private void tick() {
        long now = System.nanoTime();
        tracers.values().forEach(t -> t.tick(now));
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
