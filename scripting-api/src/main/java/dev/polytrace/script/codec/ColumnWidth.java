package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfEnumValue;
import dev.polytrace.bpf.btf.BtfFloat;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfPointer;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;

/**
 * How wide a table column must be for every value of a C type, so rows align as they stream
 * without buffering: integers get the width of their extreme values, enums their longest name,
 * strings their capacity (up to {@link #MAX_STRING}; longer strings push the rest of their row).
 */
final class ColumnWidth {
    /** Wider string buffers (paths, {@code char[256]}) would make every row wide; they overflow instead. */
    static final int MAX_STRING = 32;
    private static final int POINTER = 18;
    private static final int FLOAT = 12;
    private static final int BOOL = 5;

    private ColumnWidth() {
    }

    static int of(BtfMember member) {
        if (member.isBitfield()) {
            return switch (member.type().resolve()) {
                case BtfInt i when IntegerValues.isBool(i) -> BOOL;
                case BtfInt i -> integer(member.bitfieldSize(), i.signed());
                case BtfEnum e -> enumeration(e, member.bitfieldSize());
                default -> MAX_STRING;
            };
        }
        return of(member.type());
    }

    static int of(BtfType declared) {
        return switch (declared.resolve()) {
            case BtfInt i when IntegerValues.isBool(i) -> BOOL;
            case BtfInt i -> integer(i.bits(), i.signed());
            case BtfEnum e -> enumeration(e, (int) e.size() * 8);
            case BtfPointer p -> POINTER;
            case BtfFloat f -> FLOAT;
            case BtfArray a when a.isCharArray() -> (int) Math.max(1, Math.min(a.length(), MAX_STRING));
            case BtfArray a -> nested(2 + a.length() * (of(a.elementType()) + 2L));
            case BtfStruct s -> nested(2 + StructMembers.flat(s).stream()
                    .mapToLong(m -> m.name().length() + 3L + of(m)).sum());
            default -> MAX_STRING;
        };
    }

    /** Characters of the widest value: the minimum when signed, else the maximum. */
    private static int integer(int bits, boolean signed) {
        return (signed ? IntegerValues.min(bits, true) : IntegerValues.max(bits, false)).toString().length();
    }

    /** The longest enumerator name; a value without a name is rare and may overflow. */
    private static int enumeration(BtfEnum type, int bits) {
        if (type.values().isEmpty()) {
            return integer(bits, type.signed());
        }
        int width = 1;
        for (BtfEnumValue v : type.values()) {
            width = Math.max(width, v.name().length());
        }
        return width;
    }

    private static int nested(long estimate) {
        return (int) Math.min(estimate, ValueText.MAX_NESTED_COLUMN);
    }
}
