package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounded buffer behind :events, :follow and events(): the newest kept, the oldest overwritten. */
class EventRingTest {
    private static void add(EventRing ring, String stream, long n) {
        ring.onEvent(stream, Map.of("n", n), ByteBuffer.wrap(new byte[] {(byte) n}));
    }

    @Test
    void keepsTheLatestInOrder() {
        EventRing ring = new EventRing(3);
        for (long n = 1; n <= 5; n++) {
            add(ring, n % 2 == 0 ? "even" : "odd", n);
        }
        assertEquals(List.of(3L, 4L, 5L), ring.latest(10, null).stream().map(e -> e.fields().get("n")).toList());
        assertEquals(List.of(5L), ring.latest(1, null).stream().map(e -> e.fields().get("n")).toList());
        assertEquals(List.of(4L), ring.latest(10, "even").stream().map(e -> e.fields().get("n")).toList());
        assertEquals(2, ring.overwritten());
        assertEquals(3, ring.size());
        assertEquals(5, ring.lastSeq());
        assertEquals(1, ring.latest(1, null).get(0).raw().length);
    }

    @Test
    void afterGivesWhatIsNewAndSkipsWhatWasOverwritten() {
        EventRing ring = new EventRing(2);
        add(ring, "s", 1);
        assertEquals(List.of(1L), ring.after(0).stream().map(RecordedEvent::seq).toList());
        add(ring, "s", 2);
        add(ring, "s", 3);
        add(ring, "s", 4);
        assertEquals(List.of(3L, 4L), ring.after(1).stream().map(RecordedEvent::seq).toList());
        assertEquals(List.of(), ring.after(4));
    }
}
