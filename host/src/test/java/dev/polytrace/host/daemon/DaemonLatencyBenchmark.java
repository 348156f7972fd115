package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Deploy latency (POST until the first record the handler emitted can be read back) and hot-swap
 * latency (PUT until it answers, and until the new handler's first record can be read back), p50
 * and p99 over 100 runs against a warm daemon. Not part of the test run: -Dpolytrace.bench=true.
 */
@KernelTest
@EnabledIfSystemProperty(named = "polytrace.bench", matches = "true")
class DaemonLatencyBenchmark {
    private static final int RUNS = Integer.getInteger("polytrace.bench.runs", 100);

    @Test
    void deployAndSwapLatency() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread trigger = new Thread(() -> {
                while (running.get()) {
                    Triggers.libc().getppid();
                    spinMicros(200);
                }
            }, "bench-trigger");
            trigger.setDaemon(true);
            trigger.start();
            try {
                byte[] request = TestTracers.request(TestTracers.seqWithHandler());
                List<Double> post = new ArrayList<>();
                List<Double> firstEvent = new ArrayList<>();
                List<Double> delete = new ArrayList<>();
                for (int i = 0; i < RUNS + 10; i++) {
                    long t0 = System.nanoTime();
                    Response r = daemon.post("/v1/tracers", request);
                    long t1 = System.nanoTime();
                    String id = r.json().path("id").asText();
                    while (daemon.get("/v1/tracers/" + id + "/events?limit=1").json().isEmpty()) {
                        Thread.onSpinWait();
                    }
                    long t2 = System.nanoTime();
                    daemon.delete("/v1/tracers/" + id);
                    long t3 = System.nanoTime();
                    if (i >= 10) { // the first runs warm the JIT and the engines
                        post.add((t1 - t0) / 1e6);
                        firstEvent.add((t2 - t0) / 1e6);
                        delete.add((t3 - t2) / 1e6);
                    }
                }
                report("deploy: POST answered", post);
                report("deploy: POST to first handled record read back", firstEvent);
                report("stop: DELETE answered", delete);

                String id = daemon.deploy(request);
                List<Double> put = new ArrayList<>();
                List<Double> firstSwapped = new ArrayList<>();
                for (int i = 0; i < RUNS + 10; i++) {
                    String version = "w" + i;
                    long t0 = System.nanoTime();
                    Response r = daemon.put("/v1/tracers/" + id + "/handler", HotSwapKernelTest.handlerJson(version));
                    long t1 = System.nanoTime();
                    if (r.status() != 200) {
                        throw new AssertionError(r.toString());
                    }
                    while (!version.equals(latestVersion(daemon, id))) {
                        Thread.onSpinWait();
                    }
                    long t2 = System.nanoTime();
                    if (i >= 10) {
                        put.add((t1 - t0) / 1e6);
                        firstSwapped.add((t2 - t0) / 1e6);
                    }
                }
                report("swap: PUT answered", put);
                report("swap: PUT to the new handler's first record read back", firstSwapped);
                daemon.delete("/v1/tracers/" + id);
            } finally {
                running.set(false);
                trigger.join();
            }
        }
    }

    private static String latestVersion(DaemonFixture daemon, String id) {
        JsonNode latest = daemon.get("/v1/tracers/" + id + "/events?limit=1").json();
        return latest.isEmpty() ? null : latest.get(0).path("data").path("v").asText();
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%-58s n=%d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
    }

    private static void spinMicros(long micros) {
        long end = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
