package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.RawBtf.SIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.RawBtf.Member;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Records shorter than their type fail naming the first field they cut, its C type and the sizes. */
class BtfCodecTruncationTest {
    private final BtfCodec codec = new BtfCodec();

    @Test
    void namesFieldPathThroughArraysOfStructs() {
        RawBtf raw = new RawBtf();
        int u32 = raw.integer("unsigned int", 4, 0);
        int u64 = raw.integer("unsigned long long", 8, 0);
        int name = raw.array(raw.integer("char", 1, SIGNED), 8);
        int arg = raw.struct("arg", 16, Member.at("name", name, 0), Member.at("v", u64, 8));
        BtfType event = raw.type(raw.struct("event", 72, Member.at("pid", u32, 0), Member.at("args",
                raw.array(arg, 4), 8)));

        CodecException e = assertThrows(CodecException.class, () -> codec.decode(event, new byte[44]));

        assertEquals("cannot decode struct event (72 bytes): event.args[2].name (char[8]) needs bytes 40..47, "
                + "the data has 44", e.getMessage());
        assertEquals("event.args[2].name", e.path());
    }

    @Test
    void realEventCutInsideTwoDimensionalArray() {
        CodecException e = assertThrows(CodecException.class,
                () -> codec.decode(KindsTypes.struct("event"), Arrays.copyOf(EventSample.bytes(), 50)));

        assertEquals("cannot decode struct event (136 bytes): event.matrix[0][1] (int) needs bytes 48..51, "
                + "the data has 50", e.getMessage());
    }

    @Test
    void cutBitfieldNamesItsByte() {
        CodecException e = assertThrows(CodecException.class,
                () -> codec.decode(KindsTypes.struct("flags"), new byte[] {1}));

        assertEquals("cannot decode struct flags (4 bytes): flags.negative (int) needs bytes 1..1, the data has 1",
                e.getMessage());
    }

    @Test
    void scalarThroughTypedefAndOffsetIntoBuffer() {
        BtfType counter = KindsTypes.typeOf("counter");
        ByteBuffer data = ByteBuffer.allocate(10);

        CodecException e = assertThrows(CodecException.class, () -> codec.decode(counter, data, 8));

        assertEquals("cannot decode my_u32 (4 bytes): my_u32 (my_u32) needs bytes 0..3, the data has 2",
                e.getMessage());
    }

    @Test
    void offsetOutsideTheBuffer() {
        CodecException e = assertThrows(CodecException.class,
                () -> codec.decode(KindsTypes.typeOf("counter"), ByteBuffer.allocate(4), 5));

        assertEquals("cannot decode my_u32: offset 5 is outside the data (4 bytes)", e.getMessage());
    }

    @Test
    void longerDataIsFine() {
        byte[] padded = Arrays.copyOf(EventSample.bytes(), EventSample.SIZE + 8);

        assertEquals(EventSample.value(), codec.decode(KindsTypes.struct("event"), padded));
    }
}
