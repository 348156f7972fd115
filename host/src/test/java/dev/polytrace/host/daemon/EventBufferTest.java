package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBufferTest {
    @Test
    void keepsTheNewestAndNumbersFromOne() {
        EventBuffer buffer = new EventBuffer(4);
        assertEquals(0, buffer.lastSeq());
        assertEquals(1, buffer.firstSeq());
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, buffer.append("event", "s", i));
        }
        assertEquals(7, buffer.firstSeq());
        assertEquals(10, buffer.lastSeq());
        assertEquals(List.of(7L, 8L, 9L, 10L), seqs(buffer.after(0, 100)));
        assertEquals(List.of(9L, 10L), seqs(buffer.after(8, 100)));
        assertEquals(List.of(7L), seqs(buffer.after(2, 1)));
        assertEquals(List.of(9L, 10L), seqs(buffer.latest(2)));
        assertEquals(List.of(), seqs(buffer.after(10, 5)));
    }

    /** A record of a 300-character string is 64 + 302 bytes ({@link RecordSize}): two fit in 1000. */
    @Test
    void holdsNoMoreBytesThanItsCapButAlwaysTheNewestRecord() {
        EventBuffer buffer = new EventBuffer(100, 0, 1000);
        for (int i = 1; i <= 5; i++) {
            buffer.append("event", "s", "x".repeat(300));
        }
        assertEquals(4, buffer.firstSeq(), "the oldest went to stay within 1000 bytes");
        assertEquals(List.of(4L, 5L), seqs(buffer.after(0, 100)));
        assertEquals(2 * 366, buffer.bytes());
        buffer.append("event", "s", "y".repeat(5000));
        assertEquals(List.of(6L), seqs(buffer.after(0, 100)), "one record over the cap is kept alone");
        assertEquals(List.of(6L), seqs(buffer.after(2, 100)), "a reader from before learns it missed some");
        buffer.append("event", "s", 7);
        assertEquals(List.of(7L), seqs(buffer.latest(10)));
        assertEquals(64 + 24, buffer.bytes());
    }

    @Test
    void theByteCapGrowsWithTheRecordCapBeyondItsDefault() {
        assertEquals(EventBuffer.DEFAULT_MAX_BYTES, new EventBuffer(4096).maxBytes());
        assertEquals(64L << 20, new EventBuffer(1 << 18).maxBytes(), "256 bytes a record");
    }

    @Test
    void aLowerCapDropsTheOldestAtOnce() {
        EventBuffer buffer = new EventBuffer(100);
        for (int i = 1; i <= 50; i++) {
            buffer.append("log", "error", "line " + i + " " + "z".repeat(1000));
        }
        buffer.limitBytes(3000);
        assertEquals(List.of(49L, 50L), seqs(buffer.after(0, 100)), "what the last errors need");
        assertTrue(buffer.bytes() <= 3000, () -> buffer.bytes() + " bytes held");
        buffer.append("log", "error", "after " + "z".repeat(1000));
        assertEquals(List.of(50L, 51L), seqs(buffer.after(0, 100)), "the lower cap holds for what comes later");
    }

    @Test
    void eachEpochNumbersInARangeOfItsOwn() {
        long base = 2L << EventBuffer.EPOCH_SHIFT;
        EventBuffer buffer = new EventBuffer(4, 2);
        assertEquals(base, buffer.epochBase());
        assertEquals(base, buffer.lastSeq());
        assertEquals(base + 1, buffer.firstSeq());
        assertEquals(base + 1, buffer.append("event", "s", 1));
        assertEquals(List.of(base + 1), seqs(buffer.after(5, 10)), "an id of an earlier epoch: all held");
        assertEquals(List.of(), seqs(buffer.after(Long.MAX_VALUE, 10)), "no wrap past the largest id");
        assertEquals(List.of(), seqs(buffer.after(base + 1, 10)));
    }

    @Test
    void memoryIsTakenAsRecordsComeNotUpFront() {
        EventBuffer buffer = new EventBuffer(1 << 20);
        assertTrue(buffer.allocated() <= 64, "allocated " + buffer.allocated());
        for (int i = 1; i <= 1000; i++) {
            buffer.append("event", "s", i);
        }
        assertTrue(buffer.allocated() >= 1000 && buffer.allocated() <= 2048, "allocated " + buffer.allocated());
        assertEquals(1, buffer.firstSeq(), "growing drops nothing");
        List<BufferedEvent> all = buffer.after(0, 2000);
        assertEquals(1000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1L, all.get(i).seq());
            assertEquals(i + 1, all.get(i).data());
        }
        EventBuffer small = new EventBuffer(100);
        for (int i = 1; i <= 250; i++) {
            small.append("event", "s", i);
        }
        assertEquals(100, small.allocated());
        assertEquals(151, small.firstSeq());
        assertEquals(151, small.after(0, 1).get(0).data(), "the ring wrapped after growing");
    }

    @Test
    void readersWaitForNewRecordsUntilClosed() throws Exception {
        EventBuffer buffer = new EventBuffer(8);
        assertFalse(buffer.await(0, Duration.ofMillis(10)));
        FutureTask<Boolean> waiting = parkedWaiter(buffer, 0);
        buffer.append("log", "info", "hello");
        assertTrue(waiting.get(10, TimeUnit.SECONDS), "the append woke the waiter");
        FutureTask<Boolean> closed = parkedWaiter(buffer, 1);
        buffer.close();
        assertFalse(closed.get(10, TimeUnit.SECONDS), "the close woke the waiter, with nothing new");
        assertTrue(buffer.isClosed());
        assertEquals(1, buffer.after(0, 10).size(), "records stay readable after close");
    }

    /**
     * A thread waiting for a record after {@code seq}, returned once it is parked inside the wait,
     * so what the test does next must wake it. It would wait far longer than the test waits for it.
     */
    private static FutureTask<Boolean> parkedWaiter(EventBuffer buffer, long seq) throws InterruptedException {
        FutureTask<Boolean> task = new FutureTask<>(() -> buffer.await(seq, Duration.ofMinutes(10)));
        Thread waiter = new Thread(task, "test-buffer-waiter");
        waiter.setDaemon(true);
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(waiter.getState() == Thread.State.TIMED_WAITING && inAwait(waiter))) {
            if (System.nanoTime() > deadline || task.isDone()) {
                throw new AssertionError("the waiter did not park in await: " + waiter.getState()
                        + (task.isDone() ? ", it returned" : ""));
            }
            Thread.sleep(1);
        }
        return task;
    }

    private static boolean inAwait(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(EventBuffer.class.getName())
                && f.getMethodName().equals("await"));
    }

    @Test
    void recordsBecomeJsonLines() {
        BufferedEvent e = new BufferedEvent(3, 1000, "event", "rb", java.util.Map.of("pid", 42L));
        assertEquals("{\"seq\":3,\"time\":1000,\"type\":\"event\",\"stream\":\"rb\",\"data\":{\"pid\":42}}", e.json());
        assertEquals("lost 7 events from rb", new BufferedEvent(4, 0, "lost", "rb", 7L).text());
    }

    private static List<Long> seqs(List<BufferedEvent> events) {
        return events.stream().map(BufferedEvent::seq).toList();
    }
}
