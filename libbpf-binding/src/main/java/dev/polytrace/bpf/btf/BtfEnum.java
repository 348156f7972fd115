package dev.polytrace.bpf.btf;

import java.util.List;
import java.util.Optional;

/**
 * An enum (ENUM, up to 32-bit values, or ENUM64). kind_flag marks the enum signed; compilers
 * before ENUM64 support (clang &lt; 15, old pahole) never set it, so their negative enumerators read
 * as large unsigned values: {@link #nameOf(long)} compares only the enum's {@link #size()} low
 * bytes so that -3 still finds them.
 *
 * @param kind {@link BtfKind#ENUM} or {@link BtfKind#ENUM64}
 * @param signed whether the enum is signed (kind_flag set)
 */
public record BtfEnum(Btf btf, int id, String name, BtfKind kind, boolean signed, long size,
        List<BtfEnumValue> values) implements ScalarType {
    /** Whether this is an ENUM64 (values stored as 64 bits). */
    public boolean is64() {
        return kind == BtfKind.ENUM64;
    }

    /** The first enumerator whose value equals {@code value} in the enum's storage width. */
    public Optional<String> nameOf(long value) {
        long mask = size >= 8 ? -1L : (1L << (size * 8)) - 1;
        for (BtfEnumValue v : values) {
            if (((v.value() ^ value) & mask) == 0) {
                return Optional.of(v.name());
            }
        }
        return Optional.empty();
    }

    /** The value of the enumerator with that name. */
    public Optional<Long> valueOf(String enumerator) {
        for (BtfEnumValue v : values) {
            if (v.name().equals(enumerator)) {
                return Optional.of(v.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
