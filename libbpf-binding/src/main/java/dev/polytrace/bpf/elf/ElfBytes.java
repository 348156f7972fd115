package dev.polytrace.bpf.elf;

import dev.polytrace.bpf.BpfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked, endian-aware reads over the whole file. Callers check a structure's range
 * once with {@link #require} and then read its fields without further checks.
 */
final class ElfBytes {
    private final byte[] bytes;
    private final ByteBuffer buffer;
    private final String origin;

    ElfBytes(byte[] bytes, boolean littleEndian, String origin) {
        this.bytes = bytes;
        this.buffer = ByteBuffer.wrap(bytes).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        this.origin = origin;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return bytes.length;
    }

    ByteOrder order() {
        return buffer.order();
    }

    /** Fails with a "truncated" error unless {@code [offset, offset + size)} lies in the file. */
    void require(long offset, long size, String what) {
        if (offset < 0 || size < 0 || offset > bytes.length || size > bytes.length - offset) {
            throw truncated(offset, size, what);
        }
    }

    BpfFormatException truncated(long offset, long size, String what) {
        return error("truncated: " + what + " at offset " + Long.toUnsignedString(offset) + " needs "
                + Long.toUnsignedString(size) + " bytes, file has " + bytes.length);
    }

    BpfFormatException error(String detail) {
        return ElfFile.formatError(origin, detail);
    }

    int u8(long offset) {
        return bytes[(int) offset] & 0xff;
    }

    int u16(long offset) {
        return buffer.getShort((int) offset) & 0xffff;
    }

    long u32(long offset) {
        return buffer.getInt((int) offset) & 0xffff_ffffL;
    }

    /** A u32 field that must fit an int to be usable (an index or a small count). */
    int u32AsInt(long offset) {
        return buffer.getInt((int) offset);
    }

    long u64(long offset) {
        return buffer.getLong((int) offset);
    }

    /** A 64-bit field on ELF64, a 32-bit one (zero-extended) on ELF32. */
    long word(long offset, boolean is64) {
        return is64 ? u64(offset) : u32(offset);
    }

    byte[] copy(long offset, long size) {
        byte[] out = new byte[(int) size];
        System.arraycopy(bytes, (int) offset, out, 0, (int) size);
        return out;
    }

    /**
     * The NUL-terminated string at {@code tableOffset + index} inside a string table of
     * {@code tableSize} bytes; {@code what} names the table in errors.
     */
    String cString(long tableOffset, long tableSize, long index, String what) {
        if (index < 0 || index >= tableSize) {
            throw error("string offset " + Long.toUnsignedString(index) + " is outside " + what + " ("
                    + tableSize + " bytes)");
        }
        int start = (int) (tableOffset + index);
        int limit = (int) (tableOffset + tableSize);
        for (int end = start; end < limit; end++) {
            if (bytes[end] == 0) {
                return new String(bytes, start, end - start, StandardCharsets.UTF_8);
            }
        }
        throw error("string at offset " + index + " in " + what + " is not NUL-terminated");
    }
}
