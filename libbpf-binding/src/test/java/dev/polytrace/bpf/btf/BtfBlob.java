package dev.polytrace.bpf.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes raw BTF by hand, for the kinds and encodings clang 14 does not emit (ENUM64, signed
 * enums, kind_flag-less bitfields, variadic prototypes, big-endian data, split BTF) and for
 * malformed input. Types are numbered in the order they are added.
 */
final class BtfBlob {
    private final ByteOrder order;
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private final int stringBase;
    private int nextId;

    /** A base BTF: ids start at 1, strings with the empty string at offset 0. */
    BtfBlob(ByteOrder order) {
        this(order, 1, 0);
        str("");
    }

    /** Split BTF continuing after a base with {@code firstId} types and {@code stringBase} bytes of strings. */
    BtfBlob(ByteOrder order, int firstId, int stringBase) {
        this.order = order;
        this.nextId = firstId;
        this.stringBase = stringBase;
    }

    /** The offset of a string, adding it on first use. */
    int str(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int offset = stringBase + strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return offset;
        });
    }

    /** Adds a type record followed by {@code trailer} words; returns its id. */
    int type(String name, BtfKind kind, boolean kindFlag, int vlen, int sizeOrType, int... trailer) {
        return typeAt(name == null ? 0 : str(name), kind.code(), kindFlag, vlen, sizeOrType, trailer);
    }

    /** Adds a type record with a raw name offset and kind code, for malformed input. */
    int typeAt(int nameOffset, int kindCode, boolean kindFlag, int vlen, int sizeOrType, int... trailer) {
        word(nameOffset);
        word((kindFlag ? 1 << 31 : 0) | kindCode << 24 | vlen);
        word(sizeOrType);
        for (int w : trailer) {
            word(w);
        }
        return nextId++;
    }

    int intType(String name, int size, int encoding, int bits) {
        return type(name, BtfKind.INT, false, 0, size, encoding << 24 | bits);
    }

    /** The raw BTF: header, type section, string section. */
    byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + t.length + s.length).order(order);
        out.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        out.put(t).put(s);
        return out.array();
    }

    /** Bytes of strings written so far (the string base for BTF split from this one). */
    int stringLength() {
        return strings.size();
    }

    private void word(int value) {
        byte[] b = ByteBuffer.allocate(4).order(order).putInt(value).array();
        types.writeBytes(b);
    }
}
