package dev.polytrace.bpf.btf;

import java.nio.charset.StandardCharsets;

/**
 * The string section: NUL-terminated names addressed by byte offset. In split BTF the offsets
 * continue after the base's strings, so lookups below {@link #firstOffset} go to the base.
 */
final class BtfStrings {
    private final byte[] data;
    private final long firstOffset;
    private final BtfStrings base;

    private BtfStrings(byte[] data, BtfStrings base) {
        this.data = data;
        this.base = base;
        this.firstOffset = base == null ? 0 : base.endOffset();
    }

    /** Copies the section out of the raw data, checking it is well formed. */
    static BtfStrings of(byte[] raw, BtfHeader header, BtfStrings base, BtfErrors errors) {
        byte[] data = java.util.Arrays.copyOfRange(raw, header.stringStart(), header.stringEnd());
        if (base == null && (data.length == 0 || data[0] != 0)) {
            throw errors.at("string section at offset " + header.stringStart()
                    + " does not start with the empty string");
        }
        if (data.length > 0 && data[data.length - 1] != 0) {
            throw errors.at("string section at offset " + header.stringStart() + " does not end with NUL");
        }
        return new BtfStrings(data, base);
    }

    /** One past the last string offset, where a split BTF's strings start. */
    long endOffset() {
        return firstOffset + data.length;
    }

    /** The string at that offset, or null when the offset is outside the section. */
    String at(long offset) {
        if (offset < firstOffset) {
            return base == null ? null : base.at(offset);
        }
        long local = offset - firstOffset;
        if (local >= data.length) {
            return null;
        }
        int start = (int) local;
        int end = start;
        while (data[end] != 0) { // the section ends with NUL, so this stops inside it
            end++;
        }
        return end == start ? "" : new String(data, start, end - start, StandardCharsets.UTF_8);
    }
}
