package dev.polytrace.bpf.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The btf_header: magic, version and the two sections' positions. The byte order is the one in
 * which the magic reads 0xeB9F. Section positions are absolute offsets into the raw data.
 */
record BtfHeader(ByteOrder order, int headerLength, int typeStart, int typeEnd, int stringStart, int stringEnd) {
    static final int MAGIC = 0xeb9f;
    static final int MIN_LENGTH = 24;

    static BtfHeader parse(byte[] raw, BtfErrors errors) {
        if (raw.length < 2) {
            throw errors.at("truncated: BTF header needs " + MIN_LENGTH + " bytes, data has " + raw.length);
        }
        ByteOrder order = byteOrder(raw, errors);
        if (raw.length < MIN_LENGTH) {
            throw errors.at("truncated: BTF header needs " + MIN_LENGTH + " bytes, data has " + raw.length);
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(order);
        int version = raw[2] & 0xff;
        if (version != 1) {
            throw errors.at("unsupported BTF version " + version + " (expected 1)");
        }
        long headerLength = in.getInt(4) & 0xffff_ffffL;
        if (headerLength < MIN_LENGTH || headerLength > raw.length) {
            throw errors.at("header length " + headerLength + " is outside [" + MIN_LENGTH + ", " + raw.length
                    + "] (the data size)");
        }
        long typeStart = headerLength + (in.getInt(8) & 0xffff_ffffL);
        long typeEnd = typeStart + (in.getInt(12) & 0xffff_ffffL);
        long stringStart = headerLength + (in.getInt(16) & 0xffff_ffffL);
        long stringEnd = stringStart + (in.getInt(20) & 0xffff_ffffL);
        requireWithin("type section", typeStart, typeEnd, raw.length, errors);
        requireWithin("string section", stringStart, stringEnd, raw.length, errors);
        return new BtfHeader(order, (int) headerLength, (int) typeStart, (int) typeEnd, (int) stringStart,
                (int) stringEnd);
    }

    private static ByteOrder byteOrder(byte[] raw, BtfErrors errors) {
        int little = (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
        if (little == MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int big = (raw[0] & 0xff) << 8 | (raw[1] & 0xff);
        if (big == MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw errors.at(String.format("bad magic 0x%04x (expected 0xeb9f): not BTF data", little));
    }

    private static void requireWithin(String what, long start, long end, int length, BtfErrors errors) {
        if (end > length) {
            throw errors.at("truncated: " + what + " at offset " + start + " needs " + (end - start)
                    + " bytes, data has " + length);
        }
    }
}
