package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
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
        daemon = DaemonFixture.start(c -> c.withEventBuffer(1 << 18));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void deployDeleteCyclesLeaveNoProgramMapLinkFdOrThreadAndTheHeapStaysFlat() throws Exception {
        byte[] plain = TestTracers.request(TestTracers.seq());
        byte[] handled = TestTracers.request(TestTracers.seqWithHandler());
        for (int i = 0; i < 20; i++) { // warm up: engines, JIT, connection pools
            cycle(i % 2 == 0 ? plain : handled);
        }
        KernelObjects.Snapshot kernelBefore = KernelObjects.snapshot();
        int anonFdsBefore = fds("anon_inode:");
        int threadsBefore = tracerThreads();
        long heapBefore = usedHeapAfterGc();
        long[] heap = new long[10];
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(i % 2 == 0 ? plain : handled);
            if ((i + 1) % Math.max(1, CYCLES / 10) == 0 && (i + 1) / Math.max(1, CYCLES / 10) <= 10) {
                heap[(i + 1) / Math.max(1, CYCLES / 10) - 1] = usedHeapAfterGc();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d deploy/delete cycles (half with a JS handler) in %.1f s (%.1f ms each)%n", CYCLES, seconds,
                seconds * 1000 / CYCLES);
        System.out.println("used heap after GC, MiB: before " + (heapBefore >> 20) + ", every tenth: "
                + Arrays.stream(heap).mapToObj(h -> String.valueOf(h >> 20)).toList());

        assertEquals(0, daemon.tracerCount());
        Await.until("the kernel to release every program, map and link", Duration.ofSeconds(10),
                () -> KernelObjects.snapshot().minus(kernelBefore).isEmpty());
        Await.until("every tracer thread to end", Duration.ofSeconds(10), () -> tracerThreads() <= threadsBefore);
        assertEquals(anonFdsBefore, fds("anon_inode:"), "BPF, perf, epoll and event fds");
        long growth = heap[heap.length - 1] - heap[heap.length / 2 - 1];
        assertTrue(growth < 32L << 20, "the heap grew by " + (growth >> 20) + " MiB over the second half of the cycles");
    }

    private static void cycle(byte[] request) {
        String id = daemon.deploy(request);
        Response r = daemon.delete("/v1/tracers/" + id);
        if (r.status() != 200) {
            throw new AssertionError("delete failed: " + r);
        }
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
        int records = 100_000;
        try (Socket stalled = new Socket();
             SseRecorder good = new SseRecorder(daemon, "/v1/tracers/" + id + "/events?after=0", null)) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(daemon.base.getHost(), daemon.base.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1/tracers/" + id + "/events?after=0 HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + daemon.token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush(); // and never read a byte
            good.awaitConnected();
            for (int i = 0; i < records; i += 200) {
                Triggers.getppid(200);
                Thread.sleep(1);
            }
            Await.until("the tracer to read every record", Duration.ofSeconds(60), () -> daemon.get("/v1/tracers/" + id)
                    .json().path("stats").path("events").asLong() >= records);
            long before = System.nanoTime();
            assertEquals(200, daemon.get("/v1/health").status());
            assertEquals(200, daemon.get("/v1/tracers").status());
            assertEquals(200, daemon.get("/v1/tracers/" + id + "/events?limit=5").status());
            long millis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(millis < 2000, "other requests took " + millis + " ms");
            Await.until("the reading client to get every record", Duration.ofSeconds(60),
                    () -> good.ofType("event").size() >= records);
            JsonNode stats = daemon.get("/v1/tracers/" + id).json().path("stats");
            assertEquals(records, stats.path("events").asLong());
            assertEquals(0, stats.path("lost").asLong());
            List<SseRecorder.Event> events = good.ofType("event");
            assertEquals(records, events.get(records - 1).json().path("data").path("seq").asLong());
            assertTrue(streamThreadsBlockedWriting() >= 1, "the stalled client's stream is blocked writing");
        }
        // Both clients have gone: their request threads come free (at the latest at the next heartbeat).
        Await.until("the stream threads to end", Duration.ofSeconds(40), () -> streamThreads() == 0);
        assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
    }

    private static int streamThreads() {
        return (int) Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith("SseWriter")))
                .count();
    }

    private static int streamThreadsBlockedWriting() {
        return (int) Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith("SseWriter")
                        && f.getMethodName().equals("write")))
                .count();
    }

    private static int tracerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> TRACER_THREADS.stream().anyMatch(p -> t.getName().startsWith(p)))
                .count();
    }

    private static int fds(String targetPrefix) throws IOException {
        int n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(targetPrefix)) {
                        n++;
                    }
                } catch (IOException ignored) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
