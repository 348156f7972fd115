package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.KindsTypes.struct;
import static dev.polytrace.script.codec.KindsTypes.typeOf;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding goldens over the types clang emitted into btf_kinds.bpf.o. */
class BtfCodecObjectTest {
    private final BtfCodec codec = new BtfCodec();

    @Test
    void decodesWholeEventInMemberOrder() {
        Object decoded = codec.decode(struct("event"), EventSample.bytes());

        assertEquals(EventSample.value(), decoded);
        Map<?, ?> event = assertInstanceOf(Map.class, decoded);
        assertEquals(new ArrayList<>(EventSample.value().keySet()), new ArrayList<>(event.keySet()));
    }

    @Test
    void eventTextAndJsonGoldens() {
        Object decoded = codec.decode(struct("event"), EventSample.bytes());

        assertEquals(EventSample.TEXT, ValueText.text(decoded));
        assertEquals(EventSample.JSON, JsonText.of(decoded));
    }

    @Test
    void negativeAndExtremeIntegersOfEveryWidth() {
        assertEquals(-128L, decode("data_s8", 0x80));
        assertEquals(-32768L, decode("data_s16", 0x00, 0x80));
        assertEquals((long) Integer.MIN_VALUE, decode("data_s32", 0, 0, 0, 0x80));
        assertEquals(Long.MIN_VALUE, decode("data_s64", 0, 0, 0, 0, 0, 0, 0, 0x80));
        assertEquals(-1L, decode("data_s32", 0xff, 0xff, 0xff, 0xff));
        assertEquals(255L, decode("data_u8", 0xff));
        assertEquals(65535L, decode("data_u16", 0xff, 0xff));
        assertEquals(4294967295L, decode("data_u32", 0xff, 0xff, 0xff, 0xff));
        assertEquals(Long.MAX_VALUE, decode("data_u64", 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
    }

    @Test
    void unsigned64BitAboveLongMaxIsBigInteger() {
        assertEquals(new BigInteger("18446744073709551615"),
                decode("data_u64", 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
        assertEquals(new BigInteger("9223372036854775808"), decode("data_u64", 0, 0, 0, 0, 0, 0, 0, 0x80));
    }

    @Test
    void int128IsItsDecimalDigitsAsEcliPrintsIt() {
        byte[] minusOne = new byte[16];
        Arrays.fill(minusOne, (byte) 0xff);
        assertEquals("-1", codec.decode(typeOf("wide_int"), minusOne));

        byte[] twoTo64 = new byte[16];
        twoTo64[8] = 1;
        assertEquals("18446744073709551616", codec.decode(typeOf("wide_int"), twoTo64));

        byte[] min = new byte[16];
        min[15] = (byte) 0x80;
        assertEquals("-170141183460469231731687303715884105728", codec.decode(typeOf("wide_int"), min));
    }

    @Test
    void singleCharIsANumber() {
        assertEquals(99L, decode("data_char", 'c'));
        assertEquals(-1L, decode("data_char", 0xff));
    }

    @Test
    void floatsWidenExactlyToDouble() {
        byte[] oneAndHalf = new Record(4).f32(0, 1.5f).array();
        assertEquals(1.5, codec.decode(typeOf("data_float"), oneAndHalf));
        byte[] tenth = new Record(4).f32(0, 0.1f).array();
        assertEquals((double) 0.1f, codec.decode(typeOf("data_float"), tenth));
    }

    @Test
    void boolThroughConstVolatileTypedef() {
        assertEquals(true, decode("verbose", 1));
        assertEquals(false, decode("verbose", 0));
        assertEquals(true, decode("verbose", 2));
    }

    @Test
    void enumsByNameOrNumber() {
        assertEquals("RUN_DONE", decode("current_state", 7, 0, 0, 0));
        assertEquals(3L, decode("current_state", 3, 0, 0, 0));
        // clang 14 stores -3 as an unsigned 32-bit value; the enumerator is still found.
        assertEquals("SIGNED_NEGATIVE", decode("data_signed_state", 0xfd, 0xff, 0xff, 0xff));
        assertEquals(4294967280L, decode("data_signed_state", 0xf0, 0xff, 0xff, 0xff));
        assertEquals("WIDE_SMALL", decode("data_wide_state", 1, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(new BigInteger("18446744073709551615"),
                decode("data_wide_state", 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    }

    @Test
    void pointersAsSixteenHexDigitsThroughQualifiersAndTags() {
        byte[] address = new Record(8).u64(0, 0xffff8880012a3b40L).array();
        for (String var : List.of("qualified_ptr_chain", "restrict_ptr", "user_ptr", "opaque_ptr")) {
            assertEquals("0xffff8880012a3b40", codec.decode(typeOf(var), address), var);
        }
        assertEquals("0x0000000000001000", codec.decode(typeOf("opaque_ptr"), new Record(8).u64(0, 0x1000).array()));
    }

    @Test
    void typedefChainsAreFollowed() {
        assertEquals(4294967295L, decode("counter", 0xff, 0xff, 0xff, 0xff));
        assertEquals(-1L, decode("cv_value", 0xff, 0xff, 0xff, 0xff));
    }

    @Test
    void charArraysStopAtNulOrUseAllBytes() {
        assertEquals("ab", decode("comm_filter", 'a', 'b', 0, 'c', 'd'));
        byte[] full = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        assertEquals("0123456789abcdef", codec.decode(typeOf("comm_filter"), full));
        assertEquals("héllo", codec.decode(typeOf("comm_filter"), new Record(16).str(0, "héllo").array()));
    }

    @Test
    void invalidUtf8IsReplacedNotThrown() {
        assertEquals("a\uFFFDb", decode("comm_filter", 'a', 0xff, 'b'));
        // A multi-byte sequence cut by the end of the buffer.
        byte[] cut = new Record(16).str(0, "0123456789abcde").u8(15, 0xc3).array();
        assertEquals("0123456789abcde\uFFFD", codec.decode(typeOf("comm_filter"), cut));
    }

    @Test
    void unionDecodesEveryMemberOverTheSameBytes() {
        Object either = codec.decode(typeOf("last_either"), new byte[] {'A', 'B', 'C', 'D'});
        assertEquals(map("as_int", 0x44434241L, "as_float", (double) Float.intBitsToFloat(0x44434241),
                "bytes", "ABCD"), either);
    }

    @Test
    void dataSectionDecodesToItsVariables() {
        BtfDatasec rodata = KindsTypes.section(".rodata");
        Record data = new Record((int) rodata.size());
        for (BtfVarSecInfo v : rodata.vars()) {
            int at = (int) v.offset();
            switch (v.name()) {
                case "min_duration_ms" -> data.u32(at, 5);
                case "verbose" -> data.u8(at, 1);
                case "comm_filter" -> data.str(at, "bash");
                case "threshold_ns" -> data.u64(at, 1_000_000);
                case "cv_value" -> data.u32(at, -9);
                default -> throw new AssertionError("unexpected .rodata variable " + v.name());
            }
        }

        assertEquals(map("min_duration_ms", 5L, "verbose", true, "comm_filter", "bash", "threshold_ns", 1_000_000L,
                "cv_value", -9L), codec.decode(rodata, data.array()));
    }

    @Test
    void decodesAtAnOffsetWithoutTouchingTheBuffer() {
        byte[] event = EventSample.bytes();
        ByteBuffer buffer = ByteBuffer.allocate(event.length + 8).order(ByteOrder.BIG_ENDIAN);
        buffer.position(5).put(event).position(3).limit(5 + event.length);

        assertEquals(EventSample.value(), codec.decode(struct("event"), buffer, 5));
        assertEquals(3, buffer.position());
        assertEquals(5 + event.length, buffer.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, buffer.order());
    }

    @Test
    void typesWithoutValuesFailClearly() {
        CodecException e = assertThrows(CodecException.class,
                () -> codec.decode(KindsTypes.BTF.byName("opaque").orElseThrow(), new byte[8]));
        assertEquals("cannot decode struct opaque (0 bytes): opaque (struct opaque) is a FWD, which has no value "
                + "to decode", e.getMessage());
    }

    private Object decode(String var, int... bytes) {
        byte[] data = new byte[(int) typeOf(var).size()];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return codec.decode(typeOf(var), data);
    }
}
