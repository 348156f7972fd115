package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.ReaderTestSupport.Event;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
            Triggers.getppid(100);
            List<Sample> samples = pollUntil(reader, 100);
            // The thread may have moved between CPUs, and each CPU has its own ring: order by seq.
            List<Event> events = samples.stream().map(Sample::event).sorted(Comparator.comparingLong(Event::seq))
                    .toList();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                assertEquals(i, e.seq(), "seq increases without a gap");
                assertEquals(Triggers.pid(), e.pid());
                assertEquals(7, e.value());
                assertEquals(comm, e.comm());
            }
            assertTrue(samples.stream().allMatch(s -> reader.cpus().contains(s.cpu())));
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
        // 48 bytes each, far more than one 4 KiB page per CPU holds; fewer than the 6,553 the
        // unread ring buffer takes, as the program skips the perf output once that one is full.
        int burst = 3_000;
        try (BpfObject object = ReaderTestSupport.loadAttached();
                PerfBufferReader reader = PerfBufferReader.open(object.map("perf_events"), 1)) {
            Triggers.getppid(burst);
            AtomicLong reportedToHandler = new AtomicLong();
            List<Long> seqs = new ArrayList<>();
            PerfBufferReader.SampleHandler collect = (cpu, data) -> seqs.add(Event.decode(data).seq());
            PerfBufferReader.LostHandler lost = (cpu, count) -> reportedToHandler.addAndGet(count);
            reader.poll(Duration.ZERO, collect, lost);
            // The kernel writes the LOST record with the next sample that fits once space was freed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int extra = 0;
            while (reader.lostSamples() == 0 && System.nanoTime() < deadline) {
                Triggers.getppid(1);
                extra++;
                reader.poll(Duration.ofMillis(100), collect, lost);
            }
            assertTrue(reader.lostSamples() > 0, "lost samples reported");
            assertEquals(reader.lostSamples(), reportedToHandler.get());
            assertTrue(seqs.size() + reader.lostSamples() <= burst + extra, seqs.size() + " samples, "
                    + reader.lostSamples() + " lost, " + (burst + extra) + " sent");
            assertTrue(seqs.size() < burst, "the small buffer cannot have held " + burst);
            assertEquals(seqs.size(), seqs.stream().distinct().count(), "no sample delivered twice");
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
            for (int b = 0; b < batches; b++) {
                Triggers.getppid(batch);
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
            assertTrue(elapsedMillis >= 195 && elapsedMillis < 1000, "took " + elapsedMillis + " ms");
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
                    reader.poll(Duration.ofSeconds(30), (cpu, data) -> { });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            ReaderTestSupport.awaitBlockedInEpoll(pollerTid.get(5, TimeUnit.SECONDS));
            long closedAt = System.nanoTime();
            reader.close();
            Throwable thrown = outcome.get(1, TimeUnit.SECONDS);
            assertTrue(thrown instanceof BpfClosedException, "poll ended with " + thrown);
            assertTrue(System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(1));
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
