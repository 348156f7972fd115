package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RingBufferReader#synthetic}: its ring, written by a thread as the kernel writes, needs no kernel. */
class SyntheticRingReaderTest {
    private static final int CAPACITY = 2 << 20;
    private static final int RECORD_SIZE = 48;
    private static final long SPAN = RingBufferMapping.span(RECORD_SIZE);
    /** The synthetic ring's data area as mapped: twice over. */
    private static final long DATA_MAPPING_SIZE = 2L * CAPACITY;

    @Test
    void handsEveryCommittedRecordInPlaceInOrderAndFreesTheRing() {
        List<String> footprintBefore = ReaderTestSupport.readerFootprint();
        ByteBuffer[] first = new ByteBuffer[1];
        long[] seen = {0, -1, 0, 0}; // records, last position, whether mapped while read, the data area's address
        RingBufferReader.RecordHandler check = record -> {
            if (first[0] == null) {
                first[0] = record;
                seen[3] = MemoryIO.getInstance().getDirectBufferAddress(record); // the in-place view spans the data area
                seen[2] = mappedWhole(seen[3]) ? 1 : 0;
            }
            assertSame(first[0], record, "in place: one buffer moved over the ring");
            assertEquals(RECORD_SIZE, record.remaining());
            long position = record.getLong(record.position()); // the producer writes its position there
            assertTrue(position > seen[1], "records in order: " + position + " after " + seen[1]);
            assertFalse((position / SPAN) % 97 == 0, "a discarded record was handed: " + position);
            seen[1] = position;
            seen[0]++;
        };
        long handed = 0;
        try (RingBufferReader reader = RingBufferReader.synthetic(WakeupPolicy.defaultPolicy(), CAPACITY, RECORD_SIZE)) {
            long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < deadline) {
                handed += reader.pollInPlace(Duration.ofMillis(1), check);
            }
        }
        assertEquals(seen[0], handed);
        assertTrue(handed > 1000, "records handed: " + handed);
        assertTrue(seen[1] / SPAN + 1 > handed, "some records were discarded, so positions ran ahead of the count");
        assertEquals(1, seen[2], "the synthetic ring was mapped while read");
        assertFalse(mappedWhole(seen[3]), "the synthetic ring was unmapped");
        assertEquals(footprintBefore, ReaderTestSupport.readerFootprint(), "epoll or eventfd left open");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("synthetic ring producer")), "the producer thread stopped");
    }

    /**
     * Between two bursts (under a millisecond apart) an eager reader catches up and waits; the
     * producer's next commit wakes it as the kernel's does. Without that signal, the first poll
     * that finds the ring empty would sleep for its whole timeout.
     */
    @Test
    void aWaitingReaderIsWokenByTheNextCommitNotByItsTimeout() {
        Duration timeout = Duration.ofSeconds(60);
        long start = System.nanoTime();
        long read = 0;
        try (RingBufferReader reader = RingBufferReader.synthetic(WakeupPolicy.eager(), CAPACITY, RECORD_SIZE)) {
            for (int poll = 1; poll <= 200; poll++) {
                read += reader.pollInPlace(timeout, record -> { });
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(elapsed.compareTo(timeout.dividedBy(2)) < 0,
                        "poll " + poll + " was ended by its timeout, not by a commit: " + elapsed + " so far");
            }
        }
        assertTrue(read >= 200, "records read in 200 polls: " + read);
    }

    /**
     * Now and then the producer floods: nearly a ring's worth committed last to first, so that a
     * reader held at its first record then reads a whole ring in one poll, as a consumer-bound
     * real run does (small bursts alone never got a read anywhere near that).
     */
    @Test
    void aFloodLetsOnePollReadNearlyAWholeRing() {
        long nearlyARing = CAPACITY / SPAN - 1;
        long most = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (RingBufferReader reader = RingBufferReader.synthetic(WakeupPolicy.eager(), CAPACITY, RECORD_SIZE)) {
            while (most < nearlyARing * 9 / 10 && System.nanoTime() < deadline) { // a tenth of it may be discarded
                most = Math.max(most, reader.pollInPlace(Duration.ofMillis(1), record -> { }));
            }
        }
        assertTrue(most >= nearlyARing * 9 / 10, "the most records one poll read: " + most + " of " + nearlyARing);
    }

    @Test
    void refusesARecordTooLargeForTheRing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RingBufferReader.synthetic(WakeupPolicy.eager(), 4096, 2048));
        assertTrue(e.getMessage().contains("record size 2048"), e.getMessage());
    }

    /**
     * Whether one mapping of this process covers the data area at {@code address}. By address, not
     * by size: the kernel may merge the ring's private mappings with each other or with neighbours.
     */
    private static boolean mappedWhole(long address) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                return Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                        && Long.compareUnsigned(address + DATA_MAPPING_SIZE, Long.parseUnsignedLong(range[1], 16)) <= 0;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
