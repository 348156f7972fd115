package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.ReaderTestSupport.Event;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@KernelTest
class RingBufferReaderKernelTest {
    /** kernel_basics' ring: 256 KiB of 40-byte records (32 + header), so about 6,550 at a time. */
    private static final int RING_RECORDS = 256 * 1024 / 40;

    private List<String> footprintBefore;

    @BeforeEach
    void recordFootprint() {
        footprintBefore = ReaderTestSupport.readerFootprint();
    }

    @AfterEach
    void noFdOrMappingLeftBehind() {
        assertEquals(footprintBefore, ReaderTestSupport.readerFootprint(), "epoll/eventfd fds or ring mappings left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "eager"})
    void recordsOfGetppidCallsArriveDecoded(String policy) {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"),
                        policy.equals("eager") ? WakeupPolicy.eager() : WakeupPolicy.defaultPolicy())) {
            String comm = ReaderTestSupport.threadComm();
            Triggers.getppid(100);
            List<Event> events = pollUntil(reader, 100);
            assertEquals(100, events.size());
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                assertEquals(i, e.seq(), "seq increases without a gap");
                assertEquals(Triggers.pid(), e.pid());
                assertEquals(7, e.value(), "value_base 7 * multiplier 1");
                assertEquals(comm, e.comm());
            }
        }
    }

    @Test
    void recordViewIsReadOnlyLittleEndianAndBoundedToTheRecord() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            Triggers.getppid(1);
            List<String> seen = new ArrayList<>();
            assertEquals(1, reader.poll(Duration.ofSeconds(5), record -> {
                assertTrue(record.isReadOnly());
                seen.add(record.position() + "/" + record.limit() + "/" + record.capacity());
            }));
            assertEquals(List.of("0/32/32"), seen);
        }
    }

    @Test
    void inPlaceRecordsAreOneBufferMovedOverTheRingAcrossItsWrap() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            String comm = ReaderTestSupport.threadComm();
            int perRound = RING_RECORDS * 2 / 3;
            List<Event> events = new ArrayList<>();
            Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int round = 1; round <= 3; round++) { // twice the ring in all: records wrap past its end
                Triggers.getppid(perRound);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (events.size() < round * perRound && System.nanoTime() < deadline) {
                    reader.pollInPlace(Duration.ofMillis(200), record -> {
                        assertTrue(record.isReadOnly());
                        assertEquals(Event.SIZE, record.remaining());
                        buffers.add(record);
                        events.add(Event.decode(record.slice().order(ByteOrder.LITTLE_ENDIAN)));
                    });
                }
            }
            assertEquals(3 * perRound, events.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i, events.get(i).seq(), "seq increases without a gap");
                assertEquals(comm, events.get(i).comm());
            }
            assertEquals(1, buffers.size(), "one view for every record");
        }
    }

    @Test
    void pollTimesOutWithZeroAfterAboutTheTimeout() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            assertEquals(0, reader.drain(r -> fail("no record expected")), "drain does not wait");
            assertTimesOut(reader, 200);
            Triggers.getppid(3);
            assertEquals(3, pollUntil(reader, 3).size());
            assertTimesOut(reader, 200); // also after a busy poll, whose pause is part of the wait
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedPoll() throws Exception {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            RingBufferReader reader = object.attachResource(RingBufferReader.open(object.map("events")));
            CompletableFuture<Integer> pollerTid = new CompletableFuture<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                pollerTid.complete(ReaderTestSupport.threadId());
                try {
                    reader.poll(Duration.ofDays(1), r -> { }); // only the close can end it
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            ReaderTestSupport.awaitBlockedInEpoll(pollerTid.get(5, TimeUnit.SECONDS));
            reader.close();
            Throwable thrown = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(thrown instanceof BpfClosedException, "poll ended with " + thrown);
            assertTrue(reader.isClosed());
        }
    }

    @Test
    void closeFromAnotherThreadEndsAPauseBetweenReads() throws Exception {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            RingBufferReader reader = object.attachResource(
                    RingBufferReader.open(object.map("events"), WakeupPolicy.batching(Duration.ofDays(1))));
            // One 40-byte record in 100 ms: the policy's pause after reading it, the time the ring would
            // take to fill a quarter (64 KiB) at that rate, is 160 s, far past the 30 s this test waits.
            Thread.sleep(100);
            Triggers.getppid(1);
            assertEquals(1, reader.poll(Duration.ofSeconds(5), r -> { }));
            CompletableFuture<Integer> pollerTid = new CompletableFuture<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                pollerTid.complete(ReaderTestSupport.threadId());
                try {
                    reader.poll(Duration.ofDays(1), r -> { }); // pauses first; only the close can end it
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            ReaderTestSupport.awaitPausing(pollerTid.get(5, TimeUnit.SECONDS));
            Thread closer = new Thread(reader::close, "closer"); // close waits for the reader to leave
            closer.start();
            closer.join(Duration.ofSeconds(30));
            assertFalse(closer.isAlive(), "close still waits: the pause did not end");
            Throwable thrown = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(thrown instanceof BpfClosedException, "poll ended with " + thrown);
        }
    }

    @Test
    void handlerExceptionConsumesItsRecordAndTheNextPollContinues() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            Triggers.getppid(5);
            List<Long> seen = new ArrayList<>();
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> reader.poll(Duration.ofSeconds(5), record -> {
                        long seq = Event.decode(record).seq();
                        seen.add(seq);
                        if (seq == 2) {
                            throw new IllegalStateException("handler failed on " + seq);
                        }
                    }));
            assertEquals("handler failed on 2", thrown.getMessage());
            assertEquals(List.of(0L, 1L, 2L), seen);
            List<Long> rest = pollUntil(reader, 2).stream().map(Event::seq).toList();
            assertEquals(List.of(3L, 4L), rest);
        }
    }

    @Test
    void everyRecordArrivesAcrossSeveralWrapArounds() {
        int batch = RING_RECORDS / 2;
        int batches = 7; // 3.5 rings; record 6553 straddles the end and is read through the double mapping
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            long expected = 0;
            for (int b = 0; b < batches; b++) {
                Triggers.getppid(batch);
                for (Event e : pollUntil(reader, batch)) {
                    assertEquals(expected++, e.seq());
                }
            }
            assertEquals((long) batch * batches, expected);
        }
    }

    @Test
    void closeFromTheHandlerEndsThePollAndLaterPollsFail() {
        try (BpfObject object = ReaderTestSupport.loadAttached();
                RingBufferReader reader = RingBufferReader.open(object.map("events"))) {
            Triggers.getppid(1);
            assertEquals(1, reader.poll(Duration.ofSeconds(5), record -> reader.close()));
            assertTrue(reader.isClosed());
            assertThrows(BpfClosedException.class, () -> reader.poll(Duration.ZERO, r -> { }));
        }
    }

    @Test
    void useAfterCloseFailsAndCloseIsIdempotent() {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            RingBufferReader reader = object.attachResource(RingBufferReader.open(object.map("events")));
            reader.close();
            reader.close();
            assertTrue(reader.isClosed());
            assertThrows(BpfClosedException.class, () -> reader.poll(Duration.ofMillis(10), r -> { }));
            assertThrows(BpfClosedException.class, () -> reader.drain(r -> { }));
        }
    }

    @Test
    void aReaderAttachedToItsObjectClosesWithIt() {
        RingBufferReader reader;
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            reader = object.attachResource(RingBufferReader.open(object.map("events")));
            assertFalse(reader.isClosed());
        }
        assertTrue(reader.isClosed());
    }

    @Test
    void otherMapTypesAreRefusedWithTheReason() {
        try (BpfObject object = ReaderTestSupport.loadAttached()) {
            BpfException hash = assertThrows(BpfException.class, () -> RingBufferReader.open(object.map("hash_map")));
            assertEquals(Errno.EINVAL, hash.errno());
            assertTrue(hash.getMessage().contains("hash_map is a hash map, not a ringbuf"), hash.getMessage());
            BpfException perf = assertThrows(BpfException.class,
                    () -> RingBufferReader.open(object.map("perf_events")));
            assertTrue(perf.getMessage().contains("PerfBufferReader"), perf.getMessage());
        }
    }

    private static void assertTimesOut(RingBufferReader reader, long millis) {
        long start = System.nanoTime();
        assertEquals(0, reader.poll(Duration.ofMillis(millis), r -> fail("no record expected")));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        // The upper bound catches a poll that ignores its timeout (a unit mix-up), not scheduler delays.
        assertTrue(elapsedMillis >= millis - 5 && elapsedMillis < millis + 5_000, "took " + elapsedMillis + " ms");
    }

    /** Polls until {@code count} records arrived (failing after 10 s), decoding each. */
    private static List<Event> pollUntil(RingBufferReader reader, int count) {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.size() < count && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(200), record -> events.add(Event.decode(record)));
        }
        assertEquals(count, events.size(), "records delivered before the deadline");
        return events;
    }
}
