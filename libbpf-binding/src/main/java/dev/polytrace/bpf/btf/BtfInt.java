package dev.polytrace.bpf.btf;

/**
 * An integer type (INT): {@code int}, {@code unsigned char}, {@code _Bool}, {@code __int128}.
 * The encoding says whether it is signed, a char or a bool; {@link #bits()} can be smaller than
 * the storage size and {@link #bitOffset()} non-zero for the rare kind_flag-less bitfield encoding.
 */
public final class BtfInt extends ScalarType implements BtfType {
    static final int ENCODING_SIGNED = 1;
    static final int ENCODING_CHAR = 2;
    static final int ENCODING_BOOL = 4;

    private final int encoding;
    private final int bitOffset;
    private final int bits;

    BtfInt(Btf btf, int id, String name, int size, int encoding, int bitOffset, int bits) {
        super(btf, id, name, BtfKind.INT, size);
        this.encoding = encoding;
        this.bitOffset = bitOffset;
        this.bits = bits;
    }

    /** Number of value bits (e.g. 32 for {@code int}). */
    public int bits() {
        return bits;
    }

    /** Offset of the value bits inside the storage, almost always 0. */
    public int bitOffset() {
        return bitOffset;
    }

    public boolean signed() {
        return (encoding & ENCODING_SIGNED) != 0;
    }

    /** Whether the type is {@code char} itself (clang marks plain char as signed, not as CHAR). */
    public boolean isChar() {
        return (encoding & ENCODING_CHAR) != 0 || (size() == 1 && name().equals("char"));
    }

    public boolean isBool() {
        return (encoding & ENCODING_BOOL) != 0;
    }

    @Override
    public String cName() {
        return name();
    }
}
