package dev.polytrace.bpf.btf;

/**
 * An integer type (INT): {@code int}, {@code unsigned char}, {@code _Bool}, {@code __int128}.
 * The encoding says whether it is signed, a char or a bool; {@link #bits()} can be smaller than
 * the storage size and {@link #bitOffset()} non-zero for the rare kind_flag-less bitfield encoding.
 *
 * @param encoding the BTF_INT_ENCODING bits, read through {@link #signed()}, {@link #isChar()} and {@link #isBool()}
 * @param bitOffset offset of the value bits inside the storage, almost always 0
 * @param bits number of value bits (e.g. 32 for {@code int})
 */
public record BtfInt(Btf btf, int id, String name, long size, int encoding, int bitOffset, int bits)
        implements ScalarType {
    static final int ENCODING_SIGNED = 1;
    static final int ENCODING_CHAR = 2;
    static final int ENCODING_BOOL = 4;

    public boolean signed() {
        return (encoding & ENCODING_SIGNED) != 0;
    }

    /** Whether the type is {@code char} itself (clang marks plain char as signed, not as CHAR). */
    public boolean isChar() {
        return (encoding & ENCODING_CHAR) != 0 || (size == 1 && name.equals("char"));
    }

    public boolean isBool() {
        return (encoding & ENCODING_BOOL) != 0;
    }

    @Override
    public BtfKind kind() {
        return BtfKind.INT;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
