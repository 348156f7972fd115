package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.KindsTypes.struct;
import static dev.polytrace.script.codec.KindsTypes.typeOf;
import static dev.polytrace.script.codec.RawBtf.SIGNED;
import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.RawBtf.Member;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encoding: what scripts may write, the errors they get, and the round trip with the decoder. */
class BtfEncoderTest {
    private final BtfEncoder encoder = new BtfEncoder();
    private final BtfCodec codec = new BtfCodec();

    private final RawBtf raw = new RawBtf();
    private final BtfType key = raw.type(raw.struct("key", 8,
            Member.at("port", raw.integer("unsigned short", 2, 0), 0),
            Member.at("addr", raw.integer("unsigned int", 4, 0), 4)));

    @Test
    void eventEncodesToTheBytesItDecodedFrom() {
        byte[] encoded = encoder.encode(struct("event"), EventSample.value());

        assertArrayEquals(EventSample.bytes(), encoded);
        assertEquals(EventSample.value(), codec.decode(struct("event"), encoded));
    }

    @Test
    void outOfRangeNamesValueTypeAndField() {
        assertError("counts key: 70000 is out of range for unsigned short (field .port)", key, map("port", 70000),
                "counts key");
        assertError("counts key: -1 is out of range for unsigned int (field .addr)", key, map("addr", -1L),
                "counts key");
    }

    @Test
    void signedBoundsOfEveryWidth() {
        assertArrayEquals(new byte[] {(byte) 0x80}, encoder.encode(typeOf("data_s8"), -128));
        assertError("signed char: 128 is out of range for signed char", typeOf("data_s8"), 128, null);
        assertError("signed char: -129 is out of range for signed char", typeOf("data_s8"), -129, null);
        assertArrayEquals(new Record(2).u16(0, -32768).array(), encoder.encode(typeOf("data_s16"), -32768));
        assertError("short: 32768 is out of range for short", typeOf("data_s16"), 32768, null);
        assertError("long long: 9223372036854775808 is out of range for long long", typeOf("data_s64"),
                BigInteger.ONE.shiftLeft(63), null);
        assertArrayEquals(new Record(8).u64(0, -1).array(),
                encoder.encode(typeOf("data_u64"), new BigInteger("18446744073709551615")));
        assertError("unsigned long long: 18446744073709551616 is out of range for unsigned long long",
                typeOf("data_u64"), BigInteger.ONE.shiftLeft(64), null);
    }

    @Test
    void unknownMemberListsTheValidOnes() {
        assertError("counts key: unknown member 'prot' of struct key; valid members: port, addr", key,
                map("prot", 1), "counts key");
        assertError("struct event: unknown member 'z' of struct inner; valid members: s, ll (field .nested)",
                struct("event"), map("nested", map("z", 1)), null);
    }

    @Test
    void missingMembersAreZero() {
        assertArrayEquals(new Record(8).u32(4, 9).array(), encoder.encode(key, map("addr", 9)));
        assertArrayEquals(new byte[8], encoder.encode(key, map()));
        assertArrayEquals(new byte[8], encoder.encode(key, null));
    }

    @Test
    void numbersFromStringsDoublesAndAnyIntegralType() {
        assertArrayEquals(new Record(8).u16(0, 16).u32(4, 255).array(), encoder.encode(key, map("port", "0x10",
                "addr", 255.0)));
        assertArrayEquals(new Record(8).u16(0, 80).u32(4, 7).array(), encoder.encode(key, map("port", (short) 80,
                "addr", BigInteger.valueOf(7))));
        assertArrayEquals(new Record(4).u32(0, -5).array(), encoder.encode(typeOf("data_s32"), "-5"));
        assertArrayEquals(new Record(8).u64(0, 0xffff8880012a3b40L).array(),
                encoder.encode(typeOf("opaque_ptr"), "0xffff8880012a3b40"));
        assertError("counts key: 'abc' is not an integer for unsigned int (field .addr)", key, map("addr", "abc"),
                "counts key");
        assertError("counts key: 1.5 is not an integer for unsigned int (field .addr)", key, map("addr", 1.5),
                "counts key");
    }

    @Test
    void charArrays() {
        BtfType comm = typeOf("comm_filter");
        assertArrayEquals(new Record(16).str(0, "bash").array(), encoder.encode(comm, "bash"));
        assertArrayEquals("0123456789abcdef".getBytes(), encoder.encode(comm, "0123456789abcdef"));
        assertArrayEquals(new Record(16).bytes(0, 1, 2, 255).array(), encoder.encode(comm, list(1, 2, 255)));
        assertArrayEquals(new Record(16).bytes(0, 1, 2, 255).array(), encoder.encode(comm, new byte[] {1, 2, -1}));
        assertError("struct event: '0123456789abcdefX' is 17 bytes, longer than char[16] (field .comm)",
                struct("event"), map("comm", "0123456789abcdefX"), null);
    }

    @Test
    void arraysLongerThanTheirTypeFailShorterOnesAreZeroFilled() {
        assertError("struct event: a list of 4 elements does not fit int[3] (field .matrix[1])", struct("event"),
                map("matrix", list(list(1, 2, 3), list(1, 2, 3, 4))), null);
        byte[] encoded = encoder.encode(struct("event"), map("matrix", list(list(1), list(4, 5))));
        assertEquals(list(list(1L, 0L, 0L), list(4L, 5L, 0L)), ((Map<?, ?>) codec.decode(struct("event"), encoded))
                .get("matrix"));
    }

    @Test
    void enumsByNameOrNumber() {
        BtfType state = typeOf("current_state");
        assertArrayEquals(new Record(4).u32(0, 7).array(), encoder.encode(state, "RUN_DONE"));
        assertArrayEquals(new Record(4).u32(0, 7).array(), encoder.encode(state, 7));
        assertArrayEquals(new Record(4).u32(0, 3).array(), encoder.encode(state, "3"));
        assertArrayEquals(new Record(4).u32(0, -3).array(), encoder.encode(typeOf("data_signed_state"), -3));
        assertError("struct event: 'RUN_LATE' is not an enumerator of enum run_state; valid: RUN_IDLE, RUN_RUNNING, "
                + "RUN_DONE (field .state)", struct("event"), map("state", "RUN_LATE"), null);
        assertError("enum run_state: 4294967296 is out of range for enum run_state", state, 1L << 32, null);
    }

    @Test
    void bools() {
        BtfType verbose = typeOf("verbose");
        assertArrayEquals(new byte[] {1}, encoder.encode(verbose, true));
        assertArrayEquals(new byte[] {1}, encoder.encode(verbose, 1));
        assertArrayEquals(new byte[] {0}, encoder.encode(verbose, "false"));
        assertError("const volatile bool: 'yes' is not a boolean for _Bool", verbose, "yes", null);
    }

    @Test
    void bitfieldRangesAndNeighbours() {
        BtfType flags = struct("flags");
        assertArrayEquals(new byte[] {(byte) (5 | 17 << 3), 0b1000, (byte) 200, 7},
                encoder.encode(flags, map("low", 5, "mid", 17, "negative", -8, "after", 200, "st", "RUN_DONE")));
        assertError("struct flags: 8 is out of range for unsigned int : 3 (field .low)", flags, map("low", 8), null);
        assertError("struct flags: 8 is out of range for int : 4 (field .negative)", flags, map("negative", 8), null);
    }

    @Test
    void unionWritesOneMember() {
        BtfType either = typeOf("last_either");
        assertArrayEquals(new Record(4).f32(0, 1.5f).array(), encoder.encode(either, map("as_float", 1.5)));
        assertArrayEquals("AB\0\0".getBytes(), encoder.encode(either, map("bytes", "AB")));
        // A decoded union gives all members; the exact, widest one wins over the string cut at NUL.
        assertArrayEquals(new byte[] {0, 'A', 0, 'B'}, encoder.encode(either,
                codec.decode(either, new byte[] {0, 'A', 0, 'B'})));
    }

    @Test
    void dataSectionsByVariableName() {
        var rodata = KindsTypes.section(".rodata");
        Object value = map("min_duration_ms", 5, "comm_filter", "sh", "verbose", true);
        assertEquals(map("min_duration_ms", 5L, "verbose", true, "comm_filter", "sh", "threshold_ns", 0L,
                "cv_value", 0L), codec.decode(rodata, encoder.encode(rodata, value)));
        assertError(".rodata: unknown variable 'x' of section .rodata; valid variables: " + String.join(", ",
                rodata.vars().stream().map(v -> v.name()).toList()), rodata, map("x", 1), null);
    }

    @Test
    void typesWithoutValues() {
        assertError("void: a VOID (void) has no value to encode", KindsTypes.BTF.type(0), 1, null);
    }

    @Test
    void roundTripsEveryKind() {
        RawBtf r = new RawBtf();
        int u8 = r.integer("unsigned char", 1, 0);
        int u64 = r.integer("unsigned long long", 8, 0);
        int s64 = r.integer("long long", 8, SIGNED);
        int s16 = r.integer("short", 2, SIGNED);
        int half = r.floating("_Float16", 2);
        int e64 = r.enum64("wide", false, "TOP", 0xffff_ffff_ffff_ff00L);
        int level = r.enumeration("level", 4, true, "MINUS_ONE", -1);
        int packed = r.struct("packed", 17, Member.bits("nibble", u8, 0, 4), Member.bits("all", u64, 4, 64),
                Member.bits("neg", s64, 68, 61));
        int pair = r.struct("", 4, Member.at("x", s16, 0), Member.at("y", s16, 2));
        int anonUnion = r.union("", 8, Member.at("", pair, 0), Member.at("whole", u64, 0));
        int mixed = r.struct("mixed", 48, Member.at("e", e64, 0), Member.at("l", level, 8),
                Member.at("h", half, 12), Member.at("", anonUnion, 16), Member.at("p", packed, 24),
                Member.at("tail", r.array(u64, 0), 48));

        assertRoundTrip(r.type(mixed), new Record(48).u64(0, 0xffff_ffff_ffff_ff00L).u32(8, -1).u16(12, 0xc100)
                .u64(16, 0x0123_4567_89ab_cdefL).bytes(24, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66,
                        0x55, 0x44, 0x33, 0x22, 0x11, 0x08, 0x01).array());
        assertRoundTrip(r.type(mixed), new Record(48).u64(0, 5).u32(8, 77).array());
        assertRoundTrip(typeOf("wide_int"), BtfCodecRawKindsTest.littleEndian(BigInteger.ONE.shiftLeft(127)
                .negate(), 16));
        assertRoundTrip(typeOf("wide_int"), BtfCodecRawKindsTest.littleEndian(BigInteger.valueOf(-2), 16));
        assertRoundTrip(typeOf("data_u64"), new Record(8).u64(0, -1).array());
        assertRoundTrip(typeOf("data_float"), new Record(4).f32(0, 0.1f).array());
        assertRoundTrip(typeOf("data_char"), new byte[] {(byte) 0xff});
        assertRoundTrip(typeOf("data_wide_state"), new Record(8).u64(0, 1).array());
        assertRoundTrip(typeOf("qualified_ptr_chain"), new Record(8).u64(0, 0xffff8880012a3b40L).array());
        assertRoundTrip(typeOf("last_either"), new byte[] {'A', 'B', 'C', 'D'});
        assertRoundTrip(struct("event"), EventSample.bytes());
    }

    private void assertRoundTrip(BtfType type, byte[] bytes) {
        Object value = codec.decode(type, bytes);
        byte[] encoded = encoder.encode(type, value);
        assertArrayEquals(bytes, encoded, () -> type.cName() + " " + ValueText.text(value));
        assertEquals(value, codec.decode(type, encoded));
    }

    private void assertError(String message, BtfType type, Object value, String what) {
        CodecException e = assertThrows(CodecException.class,
                () -> encoder.encode(type, value, what == null ? type.cName() : what));
        assertEquals(message, e.getMessage());
    }
}
