package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many deploy/delete cycles, many clients at once, and a client that stops reading its stream. */
@KernelTest
class DaemonReliabilityKernelTest {
    /**
     * 200 by default: a cycle costs about 0.2 s here, most of it the session's close waiting out its
     * readers' 100 ms poll, so the 1,000 take over 3 minutes (they pass: run them with
     * -Dpolytrace.daemon.cycles=1000).
     */
    private static final int CYCLES = Integer.getInteger("polytrace.daemon.cycles", 200);
    private static final List<String> TRACER_THREADS = List.of("polytrace-events-", "polytrace-sampler-",
            "polytrace-handler-");

    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws IOException {
        TestTracers.seq();
        // A short heartbeat, so a stream whose client has gone ends at once (the default waits 15 s).
        daemon = DaemonFixture.start(c -> c.withEventBuffer(1 << 18).withSseHeartbeat(Duration.ofMillis(100)));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void deployDeleteCyclesLeaveNoProgramMapLinkFdThreadOrTracerBehind() throws Exception {
        byte[] plain = TestTracers.request(TestTracers.seq());
        byte[] handled = TestTracers.request(TestTracers.seqWithHandler());
        for (int i = 0; i < 20; i++) { // warm up: engines, JIT, connection pools
            cycle(i % 2 == 0 ? plain : handled);
        }
        List<String> kernelBefore = OwnBpfHandles.snapshot();
        int threadsBefore = tracerThreads();
        List<WeakReference<Object>> stopped = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            stopped.addAll(checkedCycle(i % 2 == 0 ? plain : handled));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d deploy/delete cycles (half with a JS handler) in %.1f s (%.1f ms each)%n", CYCLES, seconds,
                seconds * 1000 / CYCLES);

        assertEquals(0, daemon.tracerCount());
        assertEquals(CYCLES + CYCLES / 2, stopped.size(), "a tracer per cycle and a handler per other cycle");
        assertEquals(List.of(), OwnBpfHandles.added(kernelBefore, OwnBpfHandles.snapshot()),
                "programs, maps, links, perf events, epolls or mappings this process did not hold before");
        Await.until("every tracer thread to end", Duration.ofSeconds(10), () -> tracerThreads() <= threadsBefore,
                () -> tracerThreads() + " tracer threads, " + threadsBefore + " before");
        Await.until("every stopped tracer and handler to become garbage", Duration.ofSeconds(60), () -> {
            System.gc();
            return stopped.stream().allMatch(r -> r.refersTo(null));
        }, () -> stopped.stream().filter(r -> !r.refersTo(null)).count() + " still reachable");
    }

    private static void cycle(byte[] request) {
        String id = daemon.deploy(request);
        Response r = daemon.delete("/v1/tracers/" + id);
        if (r.status() != 200) {
            throw new AssertionError("delete failed: " + r);
        }
    }

    /**
     * A cycle whose tracer must take its kernel handles with it as its delete returns (not later,
     * when a cleaner runs). Returns the tracer and its handler, to check they become garbage.
     */
    private static List<WeakReference<Object>> checkedCycle(byte[] request) {
        List<String> before = OwnBpfHandles.snapshot();
        String id = daemon.deploy(request);
        List<String> held = OwnBpfHandles.added(before, OwnBpfHandles.snapshot());
        DeployedTracer tracer = daemon.daemon.tracers().get(id);
        List<WeakReference<Object>> refs = new ArrayList<>();
        refs.add(new WeakReference<>(tracer));
        tracer.handlerRuntime().ifPresent(h -> refs.add(new WeakReference<>(h)));
        Response r = daemon.delete("/v1/tracers/" + id);
        if (r.status() != 200) {
            throw new AssertionError("delete failed: " + r);
        }
        List<String> left = OwnBpfHandles.added(before, OwnBpfHandles.snapshot());
        if (held.isEmpty() || !left.isEmpty()) {
            throw new AssertionError("tracer " + id + " held " + held + "; after its delete, still " + left);
        }
        return refs;
    }

    @Test
    void fiftyClientsAtOnce() throws Exception {
        int clients = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            boolean withHandler = c % 2 == 1;
            done.add(pool.submit(() -> {
                go.await();
                byte[] request = TestTracers.request(withHandler ? TestTracers.seqWithHandler() : TestTracers.seq());
                Response deployed = daemon.post("/v1/tracers", request);
                if (deployed.status() != 201) {
                    failures.add("deploy: " + deployed);
                    return null;
                }
                String id = deployed.json().path("id").asText();
                for (int i = 0; i < 5; i++) {
                    for (String path : List.of("/v1/tracers", "/v1/tracers/" + id, "/v1/tracers/" + id + "/events?limit=10",
                            "/v1/tracers/" + id + "/maps/calls", "/metrics", "/v1/health")) {
                        Response r = daemon.get(path);
                        if (r.status() != 200) {
                            failures.add(path + ": " + r);
                        }
                    }
                    Triggers.getppid(10);
                }
                Response stopped = daemon.delete("/v1/tracers/" + id);
                if (stopped.status() != 200) {
                    failures.add("delete: " + stopped);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
        assertEquals(0, daemon.tracerCount());
    }

    @Test
    void aStalledStreamClientHoldsUpNeitherOtherClientsNorTheTracer() throws Exception {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        EventBuffer buffer = daemon.daemon.tracers().get(id).buffer();
        int records = 100_000; // over 10 MB of SSE: more than the socket buffers between the daemon and a client
        try (Socket stalled = stalledStream(id)) {
            Await.until("the stalled client's stream to open", Duration.ofSeconds(30), () -> buffer.streams() == 1);
            Triggers.getppid(records); // the ring buffer holds them all, so none can be lost
            Await.until("the stalled client's stream to block writing", Duration.ofSeconds(60),
                    () -> streamWritersParked() == 1);
            Await.until("the tracer to read every record", Duration.ofSeconds(60), () -> daemon.get("/v1/tracers/" + id)
                    .json().path("stats").path("events").asLong() >= records);
            assertEquals(200, daemon.get("/v1/health").status());
            assertEquals(200, daemon.get("/v1/tracers").status());
            assertEquals(200, daemon.get("/v1/tracers/" + id + "/events?limit=5").status());
            try (SseRecorder good = new SseRecorder(daemon, "/v1/tracers/" + id + "/events?after=0", null)
                    .awaitConnected()) {
                Await.until("another client to get every record", Duration.ofSeconds(60),
                        () -> good.count("event") >= records);
                List<SseRecorder.Event> events = good.ofType("event");
                assertEquals(records, events.size());
                assertEquals(records, events.get(records - 1).json().path("data").path("seq").asLong());
            }
            JsonNode stats = daemon.get("/v1/tracers/" + id).json().path("stats");
            assertEquals(records, stats.path("events").asLong());
            assertEquals(0, stats.path("lost").asLong());
        }
        // Both clients have gone: the stalled stream's write fails, the other's next heartbeat does.
        Await.until("both streams to end", Duration.ofSeconds(30), () -> buffer.streams() == 0);
        assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
    }

    /** A client that asks for the tracer's events and never reads a byte, with a small receive buffer. */
    private static Socket stalledStream(String id) throws IOException {
        Socket s = new Socket();
        try {
            s.setReceiveBufferSize(4096); // before connecting, so the window stays this small
            s.connect(new InetSocketAddress(daemon.base.getHost(), daemon.base.getPort()));
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/tracers/" + id + "/events?after=0 HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + daemon.token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Threads parked inside an SSE stream's write: waiting for a client to take what its socket
     * buffers hold. One that never reads keeps its stream's thread there.
     */
    private static long streamWritersParked() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING
                        || e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith(".SseWriter")
                        && f.getMethodName().equals("write")))
                .count();
    }

    private static int tracerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> TRACER_THREADS.stream().anyMatch(p -> t.getName().startsWith(p)))
                .count();
    }
}
