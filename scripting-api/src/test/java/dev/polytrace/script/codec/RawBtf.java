package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfKind;
import dev.polytrace.bpf.btf.BtfType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A little-endian BTF blob written by hand, for kinds and encodings clang 14 does not emit
 * (ENUM64, signed enums, kind_flag-less bitfields, half floats, flexible arrays). Each method
 * adds one type and returns its id; ids may refer forward, as in real BTF.
 */
final class RawBtf {
    static final int SIGNED = 1;
    static final int CHAR = 2;
    static final int BOOL = 4;

    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();
    private int nextId = 1;
    private int indexType;
    private Btf built;

    /** A struct or union member; {@code bitfieldSize} 0 for ordinary members. */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {
        static Member at(String name, int type, int byteOffset) {
            return new Member(name, type, byteOffset * 8, 0);
        }

        static Member bits(String name, int type, int bitOffset, int size) {
            return new Member(name, type, bitOffset, size);
        }
    }

    RawBtf() {
        str("");
    }

    int integer(String name, int size, int encoding) {
        return integer(name, size, encoding, 0, size * 8);
    }

    /** An INT whose value bits may not fill its storage: the pre-kind_flag bitfield encoding. */
    int integer(String name, int size, int encoding, int bitOffset, int bits) {
        return add(name, BtfKind.INT, false, 0, size, encoding << 24 | bitOffset << 16 | bits);
    }

    int floating(String name, int size) {
        return add(name, BtfKind.FLOAT, false, 0, size);
    }

    int pointer(int target) {
        return add("", BtfKind.PTR, false, 0, target);
    }

    int array(int element, int length) {
        if (indexType == 0) {
            indexType = integer("__ARRAY_SIZE_TYPE__", 4, 0);
        }
        return add("", BtfKind.ARRAY, false, 0, 0, element, indexType, length);
    }

    int typedef(String name, int target) {
        return add(name, BtfKind.TYPEDEF, false, 0, target);
    }

    int constOf(int target) {
        return add("", BtfKind.CONST, false, 0, target);
    }

    int struct(String name, int size, Member... members) {
        return aggregate(name, BtfKind.STRUCT, size, members);
    }

    int union(String name, int size, Member... members) {
        return aggregate(name, BtfKind.UNION, size, members);
    }

    /** A 1 to 8 byte ENUM; {@code values} alternate name and value. */
    int enumeration(String name, int size, boolean signed, Object... values) {
        int[] words = new int[values.length];
        for (int i = 0; i < values.length; i += 2) {
            words[i] = str((String) values[i]);
            words[i + 1] = ((Number) values[i + 1]).intValue();
        }
        return add(name, BtfKind.ENUM, signed, values.length / 2, size, words);
    }

    /** An ENUM64; {@code values} alternate name and (long) value. */
    int enum64(String name, boolean signed, Object... values) {
        int[] words = new int[values.length / 2 * 3];
        for (int i = 0, w = 0; i < values.length; i += 2, w += 3) {
            long v = ((Number) values[i + 1]).longValue();
            words[w] = str((String) values[i]);
            words[w + 1] = (int) v;
            words[w + 2] = (int) (v >>> 32);
        }
        return add(name, BtfKind.ENUM64, signed, values.length / 2, 8, words);
    }

    Btf btf() {
        if (built == null) {
            built = Btf.parse(bytes(), "raw test BTF");
        }
        return built;
    }

    BtfType type(int id) {
        return btf().type(id);
    }

    private int aggregate(String name, BtfKind kind, int size, Member... members) {
        boolean kindFlag = false;
        for (Member m : members) {
            kindFlag |= m.bitfieldSize() != 0;
        }
        int[] words = new int[members.length * 3];
        for (int i = 0; i < members.length; i++) {
            Member m = members[i];
            words[3 * i] = str(m.name());
            words[3 * i + 1] = m.type();
            words[3 * i + 2] = kindFlag ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset();
        }
        return add(name, kind, kindFlag, members.length, size, words);
    }

    private int add(String name, BtfKind kind, boolean kindFlag, int vlen, int sizeOrType, int... trailer) {
        word(str(name));
        word((kindFlag ? 1 << 31 : 0) | kind.code() << 24 | vlen);
        word(sizeOrType);
        for (int w : trailer) {
            word(w);
        }
        built = null;
        return nextId++;
    }

    private int str(String s) {
        return offsets.computeIfAbsent(s, k -> {
            int at = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return at;
        });
    }

    private void word(int w) {
        types.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(w).array());
    }

    private byte[] bytes() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        return out.put(t).put(s).array();
    }
}
