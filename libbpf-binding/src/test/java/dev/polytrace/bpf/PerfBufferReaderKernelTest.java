package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.ReaderTestSupport.Event;
import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KernelTest
class PerfBufferReaderKernelTest {
    private List<String> footprintBefore;

    /** A sample as delivered: the CPU it came from and its decoded event. */
    private record Sample(int cpu, Event event) {
    }

    @BeforeEach
    void recordFootprint() {
        footprintBefore = ReaderTestSupport.readerFootprint();
    }

    @AfterEach
    void noFdOrMappingLeftBehind() {
        assertEquals(footprintBefore, ReaderTestSupport.readerFootprint(), "epoll/eventfd fds or perf mappings left");
    }

    @Test
    void samplesOfGetppidCallsArriveDecodedFromEveryOnlineCpuRing() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"))) {
            assertEquals(Cpus.online(), reader.cpus());
            String comm = ReaderTestSupport.threadComm();
            long seq = 0;
            for (int cpu : reader.cpus()) {
                // Calls made on one CPU are written to that CPU's ring and read back from it.
                Triggers.onCpu(cpu, () -> Triggers.getppid(50));
                List<Sample> samples = pollUntil(reader, 50);
                for (Sample s : samples) {
                    assertEquals(cpu, s.cpu(), "the ring a sample came from");
                    assertEquals(seq++, s.event().seq(), "seq increases without a gap");
                    assertEquals(Triggers.pid(), s.event().pid());
                    assertEquals(7, s.event().value());
                    assertEquals(comm, s.event().comm());
                }
            }
            assertEquals(0, reader.lostSamples());
        }
    }

    @Test
    void sampleViewIsTheRawDataPaddedToEightBytesWithItsSizeWord() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"))) {
            Triggers.getppid(1);
            List<String> seen = new ArrayList<>();
            assertEquals(1, reader.poll(Duration.ofSeconds(5), (cpu, data) -> {
                assertTrue(data.isReadOnly());
                seen.add(data.position() + "/" + data.limit());
            }));
            assertEquals(List.of("0/36"), seen, "32 bytes written, 4-byte size word + data padded to 40");
        }
    }

    @Test
    void aFullBufferReportsLostSamples() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"), 1)) {
            // Each CPU has its own ring, so the burst is pinned to one CPU. A 32-byte sample takes
            // 48 bytes (header, size word, data padded to 8), and the kernel keeps one byte of the
            // ring free: that is how many samples one page holds; the rest of the burst is lost.
            int cpu = reader.cpus().get(0);
            int pageSize = (int) Native.libc().sysconf(LibC.SC_PAGESIZE);
            int capacity = (pageSize - 1) / 48;
            int burst = 3 * capacity;
            List<Long> seqs = new ArrayList<>();
            AtomicLong reportedToHandler = new AtomicLong();
            PerfBufferReader.SampleHandler collect = (c, data) -> seqs.add(Event.decode(data).seq());
            PerfBufferReader.LostHandler lost = (c, count) -> reportedToHandler.addAndGet(count);

            Triggers.onCpu(cpu, () -> Triggers.getppid(burst));
            assertEquals(capacity, reader.poll(Duration.ZERO, collect, lost), "what one page holds");
            assertEquals(LongStream.range(0, capacity).boxed().toList(), seqs, "the first samples were kept");
            assertEquals(0, reader.lostSamples(), "the kernel reports a loss only once it can write again");

            // The LOST record goes in front of the next sample written on that CPU's ring.
            Triggers.onCpu(cpu, () -> Triggers.getppid(1));
            assertEquals(1, reader.poll(Duration.ofSeconds(10), collect, lost));
            assertEquals(burst - capacity, reader.lostSamples(), "every sample that did not fit");
            assertEquals(reader.lostSamples(), reportedToHandler.get());
            assertEquals((long) burst, seqs.get(seqs.size() - 1), "the sample after the loss");
        }
    }

    @Test
    void samplesThatWrapPastTheRingEndArriveWhole() {
        // 48-byte records in a 4 KiB ring: at two of every three laps' ends a record straddles the end.
        int batch = 40;
        int batches = 20;
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"), 1)) {
            String comm = ReaderTestSupport.threadComm();
            List<Event> events = new ArrayList<>();
            int cpu = reader.cpus().get(0); // one ring, so that its laps really wrap
            for (int b = 0; b < batches; b++) {
                Triggers.onCpu(cpu, () -> Triggers.getppid(batch));
                pollUntil(reader, batch).forEach(s -> events.add(s.event()));
            }
            assertEquals(0, reader.lostSamples());
            List<Long> seqs = events.stream().map(Event::seq).sorted().toList();
            assertEquals(LongStream.range(0, (long) batch * batches).boxed().toList(), seqs);
            assertTrue(events.stream().allMatch(e -> e.comm().equals(comm) && e.value() == 7));
        }
    }

    @Test
    void pollTimesOutWithZeroAfterAboutTheTimeout() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"))) {
            long start = System.nanoTime();
            assertEquals(0, reader.poll(Duration.ofMillis(200), (cpu, data) -> fail("no sample expected")));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // The upper bound catches a poll that ignores its timeout (a unit mix-up), not scheduler delays.
            assertTrue(elapsedMillis >= 195 && elapsedMillis < 5_200, "took " + elapsedMillis + " ms");
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedPoll() throws Exception {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            PerfBufferReader reader = object.attachResource(PerfBufferReader.open(object.map("perf_events")));
            CompletableFuture<Integer> pollerTid = new CompletableFuture<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                pollerTid.complete(ReaderTestSupport.threadId());
                try {
                    reader.poll(Duration.ofDays(1), (cpu, data) -> { }); // only the close can end it
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            ReaderTestSupport.awaitBlockedInEpoll(pollerTid.get(5, TimeUnit.SECONDS));
            reader.close();
            Throwable thrown = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(thrown instanceof BpfClosedException, "poll ended with " + thrown);
        }
    }

    @Test
    void handlerExceptionConsumesItsSampleAndTheNextPollContinues() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"))) {
            Triggers.getppid(5); // bpf_perf_event_output runs inside the syscall: all 5 are written now
            List<Long> first = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> reader.poll(Duration.ofSeconds(5), (cpu, data) -> {
                first.add(Event.decode(data).seq());
                if (first.size() == 3) {
                    throw new IllegalStateException("handler failed");
                }
            }));
            assertEquals(3, first.size());
            List<Long> all = new ArrayList<>(first);
            pollUntil(reader, 2).forEach(s -> all.add(s.event().seq()));
            assertEquals(LongStream.range(0, 5).boxed().toList(), all.stream().sorted().toList());
        }
    }

    @Test
    void useAfterCloseFailsAndCloseIsIdempotent() {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            PerfBufferReader reader = object.attachResource(PerfBufferReader.open(object.map("perf_events")));
            reader.close();
            reader.close();
            assertTrue(reader.isClosed());
            assertThrows(BpfClosedException.class, () -> reader.poll(Duration.ofMillis(10), (cpu, data) -> { }));
            // The map's slots were freed: a second reader can take them.
            try (PerfBufferReader again = PerfBufferReader.open(object.map("perf_events"))) {
                Triggers.getppid(1);
                assertEquals(1, pollUntil(again, 1).size());
            }
        }
    }

    @Test
    void wrongMapTypeAndBadSizesAreRefused() {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            BpfException ring = assertThrows(BpfException.class, () -> PerfBufferReader.open(object.map("events")));
            assertEquals(Errno.EINVAL, ring.errno());
            assertTrue(ring.getMessage().contains("events is a ringbuf map, not a perf_event_array"),
                    ring.getMessage());
            assertTrue(ring.getMessage().contains("RingBufferReader"), ring.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PerfBufferReader.open(object.map("perf_events"), 3));
        }
    }

    private static List<Sample> pollUntil(PerfBufferReader reader, int count) {
        List<Sample> samples = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (samples.size() < count && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(200), (cpu, data) -> samples.add(new Sample(cpu, Event.decode(data))));
        }
        assertEquals(count, samples.size(), "samples delivered before the deadline");
        return samples;
    }
}
