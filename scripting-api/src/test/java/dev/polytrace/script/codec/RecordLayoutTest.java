package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.KindsTypes.struct;
import static dev.polytrace.script.codec.KindsTypes.typeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A record read field by field through its layout is the record {@link BtfCodec} decodes: same
 * names in the same order, same values, same errors. Checked on the event golden and on random
 * bytes for every struct and union of btf_kinds.bpf.o.
 */
class RecordLayoutTest {
    private final BtfCodec codec = new BtfCodec();

    @Test
    void theEventGoldenReadsAsTheDecoderReadsIt() {
        RecordLayout layout = RecordLayout.of(struct("event"));
        ByteBuffer record = RecordLayout.view(EventSample.bytes());

        assertEquals(EventSample.value(), layout.decode(record));
        assertEquals(new ArrayList<>(EventSample.value().keySet()), layout.names());
        for (String name : layout.names()) {
            assertEquals(EventSample.value().get(name), layout.read(layout.indexOf(name), record), name);
        }
        assertEquals(-1, layout.indexOf("no_such_field"));
        assertTrue(layout.isStruct());
    }

    @Test
    void everyStructOfTheObjectReadsAlikeOnRandomBytes() {
        Random random = new Random(42);
        int checked = 0;
        for (BtfType type : KindsTypes.BTF.types()) {
            if (!(type instanceof BtfStruct s) || s.size() == 0 || s.name().isEmpty()) {
                continue;
            }
            RecordLayout layout = RecordLayout.of(s);
            for (int round = 0; round < 50; round++) {
                byte[] bytes = new byte[(int) s.size() + random.nextInt(8)]; // records may be padded
                random.nextBytes(bytes);
                Object expected;
                try {
                    expected = codec.decode(s, bytes);
                } catch (CodecException e) {
                    CodecException same = assertThrows(CodecException.class, () -> layout.decode(RecordLayout.view(bytes)));
                    assertEquals(e.getMessage(), same.getMessage());
                    continue;
                }
                assertEquals(expected, layout.decode(RecordLayout.view(bytes)), s.cName());
            }
            checked++;
        }
        assertTrue(checked >= 5, "only " + checked + " structs checked");
    }

    @Test
    void aRecordShorterThanItsFirstFieldFailsNamingIt() {
        RecordLayout layout = RecordLayout.of(struct("event"));
        byte[] cut = new byte[2];
        CodecException expected = assertThrows(CodecException.class, () -> codec.decode(struct("event"), cut));
        CodecException actual = assertThrows(CodecException.class, () -> layout.check(RecordLayout.view(cut)));
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @Test
    void aRecordThatIsNotAStructIsOneFieldNamedValue() {
        RecordLayout layout = RecordLayout.of(typeOf("data_u64"));
        byte[] bytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertEquals(List.of("value"), layout.names());
        assertFalse(layout.isStruct());
        assertEquals(Map.of("value", Long.MAX_VALUE), layout.decode(RecordLayout.view(bytes)));
    }

    @Test
    void readingLeavesTheBufferAsItWas() {
        RecordLayout layout = RecordLayout.of(struct("event"));
        byte[] padded = new byte[EventSample.SIZE + 8];
        System.arraycopy(EventSample.bytes(), 0, padded, 8, EventSample.SIZE);
        ByteBuffer record = RecordLayout.view(padded).position(8);
        assertEquals(EventSample.value(), layout.decode(record));
        assertEquals(8, record.position());
        assertEquals("bash", layout.read(layout.indexOf("comm"), record));
    }
}
