package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.PackageHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PUT /handler while records flow: the kernel numbers every record, so the records the handlers
 * emitted must be exactly 1..n, each once, with the handler version changing only forward.
 */
@KernelTest
class HotSwapKernelTest {
    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws Exception {
        TestTracers.seq();
        daemon = DaemonFixture.start(c -> c.withEventBuffer(1 << 20));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void swappingHandlersWhileRecordsFlowLosesAndRepeatsNone() throws Exception {
        String id = daemon.deploy(TestTracers.request(TestTracers.seqWithHandler()));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong triggered = new AtomicLong();
        Thread trigger = new Thread(() -> {
            while (running.get()) {
                Triggers.libc().getppid();
                if (triggered.incrementAndGet() % 5 == 0) {
                    sleepMillis(1);
                }
            }
        }, "test-trigger");
        List<Double> swapMillis = new ArrayList<>();
        try (SseRecorder sse = new SseRecorder(daemon, "/v1/tracers/" + id + "/events?after=0", null).awaitConnected()) {
            trigger.start();
            awaitRecordOf(sse, "v1");
            for (String version : List.of("v2", "v3", "v4")) {
                long start = System.nanoTime();
                Response r = daemon.put("/v1/tracers/" + id + "/handler", handlerJson(version));
                swapMillis.add((System.nanoTime() - start) / 1e6);
                assertEquals(200, r.status(), r.toString());
                assertEquals("seq-" + version + ".js", r.json().path("handler").path("fileName").asText());
                awaitRecordOf(sse, version); // so each handler has handled records before the next takes over
            }
            running.set(false);
            trigger.join();
            long n = triggered.get();
            List<JsonNode> events = DaemonApiKernelTest.awaitEvents(daemon, id, (int) n);
            assertEquals(n, events.size(), "as many records as getppid calls");
            List<String> versions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JsonNode data = events.get(i).path("data");
                assertEquals(i + 1, data.path("seq").asLong(), "record " + (i + 1) + " in order, none missing");
                String v = data.path("v").asText();
                if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(v)) {
                    versions.add(v);
                }
            }
            assertEquals(List.of("v1", "v2", "v3", "v4"), versions, "each handler took over once, in order");
            Await.until("the SSE stream to carry every record", Duration.ofSeconds(30),
                    () -> sse.ofType("event").size() >= n);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, sse.ofType("event").get(i).json().path("data").path("seq").asLong());
            }
            JsonNode stats = daemon.get("/v1/tracers/" + id).json().path("stats");
            assertEquals(n, stats.path("handled").asLong());
            assertEquals(0, stats.path("dropped").asLong());
            assertEquals(0, stats.path("lost").asLong());
            assertEquals(3, daemon.get("/v1/tracers/" + id).json().path("handler").path("swaps").asInt());
        } finally {
            running.set(false);
            trigger.join();
            daemon.delete("/v1/tracers/" + id);
        }
        System.out.println("hot-swap PUT latencies (ms): " + swapMillis);
    }

    @Test
    void aHandlerThatDoesNotLoadLeavesTheOldOneRunning() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seqWithHandler()));
        Response r = daemon.put("/v1/tracers/" + id + "/handler",
                "{\"language\":\"js\",\"fileName\":\"broken.js\",\"source\":\"export function onEvent( {\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        assertEquals("handler_failed", r.json().path("error").asText());
        assertTrue(r.json().path("detail").asText().contains("broken.js"), r.toString());
        Triggers.getppid(3);
        List<JsonNode> events = DaemonApiKernelTest.awaitEvents(daemon, id, 3);
        events.forEach(e -> assertEquals("v1", e.path("data").path("v").asText()));
        assertEquals("seq.js", daemon.get("/v1/tracers/" + id).json().path("handler").path("fileName").asText());
        daemon.delete("/v1/tracers/" + id);
    }

    @Test
    void aTracerWithoutAHandlerGetsOne() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        Triggers.getppid(2);
        DaemonApiKernelTest.awaitEvents(daemon, id, 2);
        assertEquals(200, daemon.put("/v1/tracers/" + id + "/handler", handlerJson("v9")).status());
        Triggers.getppid(2);
        List<JsonNode> events = DaemonApiKernelTest.awaitEvents(daemon, id, 4);
        assertEquals("events", events.get(1).path("stream").asText());
        assertEquals("v9", events.get(3).path("data").path("v").asText());
        assertEquals(4, events.get(3).path("data").path("seq").asLong());
        daemon.delete("/v1/tracers/" + id);
    }

    /**
     * The old handler's onExit never returns: it is interrupted at its budget (10 s here, so that no
     * cold call runs out of its own), the swap goes on with the new handler even under
     * {@code onHandlerError: stop}, and the answer says so.
     */
    @Test
    void aSwapWhoseOldOnExitNeverReturnsGoesOnWithTheNewHandler() {
        PackageHandler stuck = new PackageHandler("js", "stuck.js", TestTracers.handler("v1")
                + "export function onExit(ctx) { while (true) {} }\n");
        String id = daemon.deploy(TestTracers.request(TestTracers.withBudget(TestTracers.seq().withHandler(stuck),
                10_000, "stop")));
        Triggers.getppid(1);
        DaemonApiKernelTest.awaitEvents(daemon, id, 1);
        Response r = daemon.put("/v1/tracers/" + id + "/handler", handlerJson("v2"));
        assertEquals(200, r.status(), r.toString());
        assertEquals("running", r.json().path("state").asText(), r.toString());
        assertEquals("stuck.js:5: onExit ran longer than 10000 ms and was interrupted",
                r.json().path("handOver").path("oldExitError").asText(), r.toString());
        assertEquals(false, r.json().path("handOver").path("stateCarried").asBoolean(), r.toString());
        Triggers.getppid(2);
        List<JsonNode> events = DaemonApiKernelTest.awaitEvents(daemon, id, 3);
        assertEquals("v2", events.get(2).path("data").path("v").asText(), "the new handler took over");
        assertEquals("running", daemon.get("/v1/tracers/" + id).json().path("state").asText());
        daemon.delete("/v1/tracers/" + id);
    }

    /** Waits until the newest record on the stream was emitted by handler {@code version}. */
    private static void awaitRecordOf(SseRecorder sse, String version) {
        Await.until("a record emitted by handler " + version, Duration.ofSeconds(30), () -> sse.last()
                .map(e -> e.json().path("data").path("v").asText().equals(version)).orElse(false));
    }

    static byte[] handlerJson(String version) {
        return DaemonFixture.JSON.createObjectNode().put("language", "js").put("fileName", "seq-" + version + ".js")
                .put("source", TestTracers.handler(version)).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
