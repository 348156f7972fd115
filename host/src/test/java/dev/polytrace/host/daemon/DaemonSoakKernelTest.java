package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.PackageHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A daemon with five tracers, two of them hostile, records flowing all along, while 200 more are
 * deployed and deleted and a few SSE clients come and go: afterwards it holds no more memory than
 * before (within 10 %), the hostile tracers still run, and so do the others.
 *
 * <p>The hostile ones: a JS handler that runs away (interrupted at its 200 ms budget) every 50th
 * record and emits records of 900 kB, which only the buffer's byte cap keeps from piling up; a
 * Python handler that throws on every 7th record, emits records over the emit cap on every 11th,
 * and makes 100 new metric series per record, which only the series limit bounds.
 *
 * <p>What is compared is the heap in use after a full collection, taken twice, at the same point of
 * the run (records paused, handlers idle, no stream open). The process's RSS is printed beside it
 * but not asserted: in one JVM it moves with what G1 keeps committed and returns when it likes, with
 * the code cache and with malloc arenas of the JIT threads, none of which says whether the daemon
 * held on to anything; the heap after a collection does.
 */
@KernelTest
class DaemonSoakKernelTest {
    private static final int CYCLES = 200;
    private static final double TOLERANCE = 0.10;

    private static final PackageHandler RUNAWAY = new PackageHandler("js", "runaway.js", """
            let n = 0;
            export function onEvent(event, ctx) {
              n++;
              if (n % 50 === 0) { while (true) {} }
              if (n % 10 === 0) { ctx.emit({seq: event.seq, pad: 'x'.repeat(900000)}); }
            }
            """);
    private static final PackageHandler NOISY = new PackageHandler("python", "noisy.py", """
            def on_event(event, ctx):
                for i in range(100):
                    ctx.metrics.counter('noisy_%d_total' % (i % 5), 'a series per record', ['k']).inc(
                        {'k': str(event.seq * 100 + i)})
                if event.seq % 7 == 0:
                    raise ValueError('record %d' % event.seq)
                if event.seq % 11 == 0:
                    ctx.emit({'pad': 'y' * 2000000})
            """);

    @Test
    void twoHundredCyclesBesideHostileTracersLeaveTheHeapAsItWas() throws Exception {
        TestTracers.seq();
        try (DaemonFixture daemon = DaemonFixture.start(c -> c.withSseHeartbeat(Duration.ofMillis(100)));
             Trigger trigger = new Trigger()) {
            List<String> residents = new ArrayList<>();
            residents.add(daemon.deploy(TestTracers.request(TestTracers.seq())));
            residents.add(daemon.deploy(TestTracers.request(TestTracers.seqWithHandler())));
            residents.add(daemon.deploy(TestTracers.request(TestTracers.seq().withHandler(TestTracers.V2))));
            String runaway = daemon.deploy(TestTracers.request(TestTracers.withBudget(
                    TestTracers.seq().withHandler(RUNAWAY), 200, "continue")));
            String noisy = daemon.deploy(TestTracers.request(TestTracers.withBudget(
                    TestTracers.seq().withHandler(NOISY), 1000, "continue")));
            residents.add(runaway);
            residents.add(noisy);
            byte[] plain = TestTracers.request(TestTracers.seq());
            byte[] handled = TestTracers.request(TestTracers.seqWithHandler());

            trigger.start();
            // Warm up until the hostile tracers are at their caps: a full buffer, a full series limit.
            for (int i = 0; i < 20; i++) {
                cycle(daemon, i % 2 == 0 ? plain : handled);
            }
            Await.until("the runaway tracer's buffer at its byte cap", Duration.ofSeconds(120),
                    () -> bufferOf(daemon, runaway).bytes() > EventBuffer.DEFAULT_MAX_BYTES - (1 << 20));
            Await.until("the noisy tracer at its series limit", Duration.ofSeconds(120),
                    () -> seriesDropped(daemon, noisy) > 0);
            Memory before = Memory.settled(daemon, trigger, residents);

            trigger.start();
            List<SseRecorder> streams = new ArrayList<>();
            for (int i = 0; i < CYCLES; i++) {
                if (i % 50 == 0) { // a few clients at a time, each following a resident for a while
                    closeAll(streams);
                    for (String id : residents.subList(0, 3)) {
                        streams.add(new SseRecorder(daemon, "/v1/tracers/" + id + "/events", null).awaitConnected());
                    }
                }
                cycle(daemon, i % 2 == 0 ? plain : handled);
            }
            closeAll(streams);
            Memory after = Memory.settled(daemon, trigger, residents);
            System.out.printf("soak: heap after GC %d -> %d MiB, RSS %d -> %d MiB%n", before.heap >> 20,
                    after.heap >> 20, before.rss >> 20, after.rss >> 20);

            assertTrue(after.heap <= before.heap * (1 + TOLERANCE), () -> "the heap after a full collection grew from "
                    + (before.heap >> 20) + " to " + (after.heap >> 20) + " MiB");
            assertEquals(residents.size(), daemon.tracerCount(), "only the residents are left");
            for (String id : residents) {
                JsonNode t = daemon.get("/v1/tracers/" + id).json();
                assertEquals("running", t.path("state").asText(), t.toString());
            }
            JsonNode runawayStats = daemon.get("/v1/tracers/" + runaway).json().path("stats");
            assertTrue(runawayStats.path("handlerErrors").asLong() > 0, runawayStats.toString());
            assertTrue(bufferOf(daemon, runaway).bytes() <= EventBuffer.DEFAULT_MAX_BYTES,
                    "the runaway tracer's buffer within its byte cap");
            assertTrue(daemon.daemon.tracers().get(noisy).metrics().seriesLimit().used()
                    <= dev.polytrace.script.metrics.SeriesLimit.DEFAULT_PER_TRACER);
            for (String id : residents) {
                assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
            }
        }
    }

    private static void cycle(DaemonFixture daemon, byte[] request) {
        String id = daemon.deploy(request);
        Response r = daemon.delete("/v1/tracers/" + id);
        if (r.status() != 200) {
            throw new AssertionError("delete failed: " + r);
        }
    }

    private static EventBuffer bufferOf(DaemonFixture daemon, String id) {
        return daemon.daemon.tracers().get(id).buffer();
    }

    private static long seriesDropped(DaemonFixture daemon, String id) {
        return daemon.daemon.tracers().get(id).metrics().seriesLimit().droppedHere();
    }

    private static void closeAll(List<SseRecorder> streams) {
        streams.forEach(SseRecorder::close);
        streams.clear();
    }

    /** This process's memory at a quiet point: records paused, every handler idle, after full collections. */
    private record Memory(long heap, long rss) {
        static Memory settled(DaemonFixture daemon, Trigger trigger, List<String> residents) throws IOException {
            trigger.pause();
            for (String id : residents) {
                Await.until("tracer " + id + " to be idle", Duration.ofSeconds(120), () -> idle(daemon, id));
            }
            Await.until("every SSE stream to end", Duration.ofSeconds(30), () -> residents.stream()
                    .allMatch(id -> bufferOf(daemon, id).streams() == 0));
            long heap = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) { // the least of a few: what a collection could not free
                System.gc();
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            return new Memory(heap, readRss());
        }

        /** Every record it received is handled, dropped or discarded, and no call is running. */
        private static boolean idle(DaemonFixture daemon, String id) {
            return daemon.daemon.tracers().get(id).handlerReport()
                    .map(r -> r.settled() + r.dropped() >= r.received()).orElse(true);
        }

        private static long readRss() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) << 10;
                }
            }
            throw new AssertionError("no VmRSS in /proc/self/status");
        }
    }

    /** getppid calls from this process, about 200 a second, which every resident tracer records. */
    private static final class Trigger implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong calls = new AtomicLong();
        private Thread thread;

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    Triggers.libc().getppid();
                    if (calls.incrementAndGet() % 2 == 0) {
                        pace();
                    }
                }
            }, "test-soak-trigger");
            thread.setDaemon(true);
            thread.start();
        }

        void pause() {
            running.set(false);
            join();
        }

        @Override
        public void close() {
            pause();
        }

        private void join() {
            if (thread != null) {
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void pace() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
