package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** execsnoop-style: the fixed part of the event and five bytes of its {@code char args[32]}. */
    @Test
    void aShortRecordIsKeptWithTheFieldsItHoldsAndAllItsBytes() {
        RecordLayout layout = RecordLayout.of(Btf.fromElf(ElfFile.parse(TestObjects.bytes("short_records"),
                "short_records.bpf.o")).byName("exec_event", BtfStruct.class).orElseThrow());
        byte[] record = new byte[24 + 5];
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 42).putInt(4, 11).put(8, (byte) 'l')
                .put(24, "/bin/".getBytes(StandardCharsets.US_ASCII));
        EventRing ring = new EventRing(2);
        ring.onRecord("events", layout, RecordLayout.view(record));
        ring.onRecord("events", layout, RecordLayout.view(Arrays.copyOf(record, 24)));

        List<RecordedEvent> kept = ring.latest(2, null);
        assertEquals(Map.of("pid", 42L, "args_size", 11L, "comm", "l", "args", "/bin/"), kept.get(0).fields());
        assertEquals(List.of("pid", "args_size", "comm"), List.copyOf(kept.get(1).fields().keySet()));
        assertEquals(29, kept.get(0).raw().length);
    }
}
