package dev.polytrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;

/**
 * Deploy and hot-swap latency of a warm daemon ({@code bench/run daemon}): a real
 * {@code polytrace serve} started through the launcher, the bench tracer deployed over HTTP
 * without a handler, with a JS and with a Python handler. Per variant, p50/p99/max of
 * <ul>
 *   <li>POST answered (attached, handler running),</li>
 *   <li>POST until the first record of the new tracer is read back from its events,</li>
 *   <li>DELETE answered,</li>
 *   <li>PUT of a new handler answered, and until a record of the new handler is read back.</li>
 * </ul>
 * Events come from a thread of this process named {@code ptbench_work} (the bench tracer's
 * filter) calling getppid() every 200 µs. The first runs of each variant warm the daemon and are
 * not counted. Each handler emits its version, so a record read back proves which one ran.
 *
 * <pre>DaemonLatency POLYTRACE PACKAGE RUNS</pre>
 */
public final class DaemonLatency {
    private static final int WARM_UP_RUNS = 10;

    /** getppid() without libc's help, from a thread whose comm the tracer matches. */
    public interface Libc {
        int getppid();
    }

    private final DaemonClient daemon;

    private DaemonLatency(DaemonClient daemon) {
        this.daemon = daemon;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DaemonLatency POLYTRACE PACKAGE RUNS");
            System.exit(2);
        }
        JsonNode pkg = DaemonClient.JSON.readTree(Files.readString(Path.of(args[1])));
        int runs = Integer.parseInt(args[2]);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = startProducer(producing);
        boolean stoppedCleanly;
        try (DaemonClient daemon = DaemonClient.start(Path.of(args[0]))) {
            DaemonLatency bench = new DaemonLatency(daemon);
            bench.measure("no handler", pkg, null, runs);
            bench.measure("js", pkg, "js", runs);
            bench.measure("python", pkg, "python", runs);
            stoppedCleanly = daemon.stop(); // SIGTERM: the daemon detaches everything and exits 0
        } finally {
            producing.set(false);
            producer.join();
        }
        System.exit(stoppedCleanly ? 0 : 1);
    }

    private void measure(String variant, JsonNode pkg, String language, int runs) throws Exception {
        List<Double> post = new ArrayList<>();
        List<Double> firstRecord = new ArrayList<>();
        List<Double> delete = new ArrayList<>();
        for (int i = 0; i < runs + WARM_UP_RUNS; i++) {
            long t0 = System.nanoTime();
            String id = daemon.deploy(pkg, language, "d" + i, "seq");
            long t1 = System.nanoTime();
            awaitRecord(id, language == null ? null : "d" + i);
            long t2 = System.nanoTime();
            daemon.delete(id);
            long t3 = System.nanoTime();
            if (i >= WARM_UP_RUNS) {
                post.add((t1 - t0) / 1e6);
                firstRecord.add((t2 - t0) / 1e6);
                delete.add((t3 - t2) / 1e6);
            }
        }
        report(variant, "POST answered", post);
        report(variant, "POST to the first record read back", firstRecord);
        report(variant, "DELETE answered", delete);
        if (language != null) {
            measureSwaps(variant, pkg, language, runs);
        }
    }

    private void measureSwaps(String variant, JsonNode pkg, String language, int runs) throws Exception {
        String id = daemon.deploy(pkg, language, "s", "seq");
        List<Double> put = new ArrayList<>();
        List<Double> firstRecord = new ArrayList<>();
        for (int i = 0; i < runs + WARM_UP_RUNS; i++) {
            String version = "s" + i;
            long t0 = System.nanoTime();
            daemon.send("PUT", "/v1/tracers/" + id + "/handler", DaemonClient.handler(language, version, "seq"), 200);
            long t1 = System.nanoTime();
            awaitRecord(id, version);
            long t2 = System.nanoTime();
            if (i >= WARM_UP_RUNS) {
                put.add((t1 - t0) / 1e6);
                firstRecord.add((t2 - t0) / 1e6);
            }
        }
        daemon.delete(id);
        report(variant, "PUT handler answered", put);
        report(variant, "PUT to the new handler's first record", firstRecord);
    }

    /** Waits until the tracer's latest record exists and, with a handler, carries {@code version}. */
    private void awaitRecord(String id, String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode latest = daemon.send("GET", "/v1/tracers/" + id + "/events?limit=1", null, 200);
            if (!latest.isEmpty() && (version == null || version.equals(latest.get(0).path("data").path("v").asText()))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("no record" + (version == null ? "" : " of handler " + version) + " of " + id);
    }

    private static Thread startProducer(AtomicBoolean producing) {
        Libc libc = LibraryLoader.create(Libc.class).load("c");
        Thread producer = new Thread(() -> {
            try {
                Files.writeString(Path.of("/proc/thread-self/comm"), "ptbench_work");
            } catch (IOException e) {
                throw new IllegalStateException("naming the producer thread", e);
            }
            while (producing.get()) {
                libc.getppid();
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        }, "ptbench_work");
        producer.setDaemon(true);
        producer.start();
        return producer;
    }

    static void report(String variant, String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-10s %-38s n=%d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", variant, what,
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
    }
}
