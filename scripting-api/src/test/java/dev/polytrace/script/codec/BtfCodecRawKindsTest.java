package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.RawBtf.BOOL;
import static dev.polytrace.script.codec.RawBtf.SIGNED;
import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.script.codec.RawBtf.Member;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding goldens for kinds and layouts clang 14 does not emit, from hand-written BTF. */
class BtfCodecRawKindsTest {
    private final BtfCodec codec = new BtfCodec();
    private final RawBtf raw = new RawBtf();
    private final int u8 = raw.integer("unsigned char", 1, 0);
    private final int s16 = raw.integer("short", 2, SIGNED);
    private final int u32 = raw.integer("unsigned int", 4, 0);
    private final int s32 = raw.integer("int", 4, SIGNED);
    private final int u64 = raw.integer("unsigned long long", 8, 0);
    private final int s64 = raw.integer("long long", 8, SIGNED);
    private final int chr = raw.integer("char", 1, SIGNED);

    @Test
    void unsignedEnum64ByNameAndAboveLongMax() {
        int e = raw.enum64("big_flags", false, "TOP", 0xffff_ffff_ffff_ff00L, "ONE", 1L);

        assertEquals("TOP", codec.decode(raw.type(e), new Record(8).u64(0, 0xffff_ffff_ffff_ff00L).array()));
        assertEquals(new BigInteger("18446744073709551614"),
                codec.decode(raw.type(e), new Record(8).u64(0, -2).array()));
    }

    @Test
    void signedEnum64AndSignedEnum32() {
        int e64 = raw.enum64("delta", true, "NEG", -5L, "POS", 5L);
        int e32 = raw.enumeration("level", 4, true, "MINUS_ONE", -1, "ZERO", 0);

        assertEquals("NEG", codec.decode(raw.type(e64), new Record(8).u64(0, -5).array()));
        assertEquals(-6L, codec.decode(raw.type(e64), new Record(8).u64(0, -6).array()));
        assertEquals("MINUS_ONE", codec.decode(raw.type(e32), new Record(4).u32(0, -1).array()));
        assertEquals(-100L, codec.decode(raw.type(e32), new Record(4).u32(0, -100).array()));
    }

    @Test
    void bitfieldsWithKindFlagSignedUnsignedBoolAndEnum() {
        int bool = raw.integer("_Bool", 1, BOOL);
        int mode = raw.enumeration("mode", 4, true, "DOWN", -2, "UP", 1);
        int s = raw.struct("bits", 8,
                Member.bits("a", u32, 0, 3),
                Member.bits("", u32, 3, 2), // unnamed padding: no value
                Member.bits("b", s32, 5, 6),
                Member.bits("flag", bool, 11, 1),
                Member.bits("m", mode, 12, 4),
                Member.bits("wide", u64, 16, 48));
        // a=6, b=-20 (0b101100), flag=1, m=-2 (0b1110), wide=0xfedcba987654
        long word = 6 | 0b11L << 3 | 0b101100L << 5 | 1L << 11 | 0b1110L << 12 | 0xfedcba987654L << 16;

        assertEquals(map("a", 6L, "b", -20L, "flag", true, "m", "DOWN", "wide", 0xfedcba987654L),
                codec.decode(raw.type(s), new Record(8).u64(0, word).array()));
    }

    @Test
    void legacyBitfieldsWithoutKindFlag() {
        // Before kind_flag, each bitfield had its own INT type with the field's width as its bits.
        int u3 = raw.integer("unsigned int", 4, 0, 0, 3);
        int s4 = raw.integer("int", 4, SIGNED, 0, 4);
        int u25 = raw.integer("unsigned int", 4, 0, 0, 25);
        int s = raw.struct("legacy", 4, Member.bits("a", u3, 0, 0), Member.bits("b", s4, 3, 0),
                Member.bits("c", u25, 7, 0));
        long word = 6 | 0b1000L << 3 | 0x1ffffffL << 7;

        assertEquals(map("a", 6L, "b", -8L, "c", 0x1ffffffL),
                codec.decode(raw.type(s), new Record(4).u32(0, word).array()));
    }

    @Test
    void packedBitfieldsSpanningNineBytes() {
        int s = raw.struct("packed_bits", 17,
                Member.bits("nibble", u8, 0, 4),
                Member.bits("all", u64, 4, 64),
                Member.bits("neg", s64, 68, 61));
        BigInteger all = new BigInteger("fedcba9876543210", 16);
        BigInteger neg = BigInteger.valueOf(-0x123456789abcdL);
        BigInteger packed = BigInteger.valueOf(0xa)
                .or(all.shiftLeft(4))
                .or(neg.and(BigInteger.ONE.shiftLeft(61).subtract(BigInteger.ONE)).shiftLeft(68));

        assertEquals(map("nibble", 10L, "all", all, "neg", -0x123456789abcdL),
                codec.decode(raw.type(s), littleEndian(packed, 17)));
    }

    @Test
    void flexibleArrayIsEmptyList() {
        int flex = raw.array(u64, 0);
        int s = raw.struct("msg", 8, Member.at("n", u32, 0), Member.at("data", flex, 8));
        int text = raw.struct("note", 4, Member.at("n", u32, 0), Member.at("text", raw.array(chr, 0), 4));

        assertEquals(map("n", 3L, "data", List.of()), codec.decode(raw.type(s), new Record(8).u32(0, 3).array()));
        assertEquals(map("n", 3L, "text", List.of()), codec.decode(raw.type(text), new Record(4).u32(0, 3).array()));
    }

    @Test
    void multiDimensionalArrays() {
        int names = raw.array(raw.array(chr, 4), 3);
        int cube = raw.array(raw.array(raw.array(s16, 2), 2), 2);
        Record cubeData = new Record(16);
        for (int i = 0; i < 8; i++) {
            cubeData.u16(2 * i, i - 4);
        }

        assertEquals(list("ab", "cd", "efgh"), codec.decode(raw.type(names), "ab\0\0cd\0\0efgh".getBytes()));
        assertEquals(list(list(list(-4L, -3L), list(-2L, -1L)), list(list(0L, 1L), list(2L, 3L))),
                codec.decode(raw.type(cube), cubeData.array()));
    }

    @Test
    void anonymousMembersAreFlattenedAtEveryDepth() {
        int pair = raw.struct("", 4, Member.at("x", s16, 0), Member.at("y", s16, 2));
        int either = raw.union("", 4, Member.at("", pair, 0), Member.at("xy", s32, 0));
        int outer = raw.struct("outer", 8, Member.at("a", s32, 0), Member.at("", either, 4));

        assertEquals(map("a", 1L, "x", -1L, "y", 2L, "xy", 0x2ffffL),
                codec.decode(raw.type(outer), new Record(8).u32(0, 1).u16(4, -1).u16(6, 2).array()));
    }

    @Test
    void halfFloatsAndLongDoubles() {
        int half = raw.floating("_Float16", 2);
        int longDouble = raw.floating("long double", 16);

        assertEquals(1.0, codec.decode(raw.type(half), new Record(2).u16(0, 0x3c00).array()));
        assertEquals(-2.5, codec.decode(raw.type(half), new Record(2).u16(0, 0xc100).array()));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(raw.type(longDouble), new byte[16]));
        assertEquals("cannot decode long double (16 bytes): long double (long double) is a 128-bit float; only 16, 32 "
                + "and 64-bit floats can be decoded", e.getMessage());
    }

    @Test
    void typedefToAnonymousStructNamesThePath() {
        int anon = raw.struct("", 4, Member.at("v", u32, 0));
        int named = raw.typedef("sample_t", anon);

        assertEquals(map("v", 7L), codec.decode(raw.type(named), new Record(4).u32(0, 7).array()));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(raw.type(named), new byte[2]));
        assertEquals("sample_t.v", e.path());
    }

    /** Two's complement, little-endian, {@code size} bytes. */
    static byte[] littleEndian(BigInteger value, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
