package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfEnumValue;
import dev.polytrace.bpf.btf.BtfFloat;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfPointer;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfVar;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One encode of one value into a zeroed buffer of the type's size: what the value leaves out
 * stays zero, as in a C initializer. Failures carry a sentence naming the value and the C type;
 * the enclosing members and elements add the path on the way out.
 */
final class ValueWriter {
    private final byte[] out;

    ValueWriter(byte[] out) {
        this.out = out;
    }

    void write(BtfType declared, Object value, long pos) {
        if (value == null) {
            return;
        }
        BtfType type = declared.resolve();
        switch (type) {
            case BtfInt i -> integer(i, value, pos);
            case BtfEnum e -> putLong(pos, (int) e.size(), enumValue(e, e.cName(), value, (int) e.size() * 8));
            case BtfPointer p -> putLong(pos, 8, checked(p, p.cName(), value, 64, false).longValue());
            case BtfFloat f -> floating(f, value, pos);
            case BtfArray a -> array(a, value, pos);
            case BtfStruct s -> struct(s, value, pos);
            case BtfVar v -> write(v.type(), value, pos);
            case BtfDatasec d -> datasec(d, value, pos);
            default -> throw new FieldError(declared, "a " + type.kind() + " (" + declared.cName()
                    + ") has no value to encode");
        }
    }

    private void integer(BtfInt type, Object value, long pos) {
        if (IntegerValues.isBool(type)) {
            putBits(type, pos, bool(type, value) ? 1 : 0);
            return;
        }
        BigInteger v = checked(type, type.cName(), value, type.bits(), type.signed());
        if (type.size() > 8) {
            putWide(pos, (int) type.size(), v.shiftLeft(type.bitOffset()));
        } else {
            putBits(type, pos, v.longValue());
        }
    }

    private static boolean bool(BtfType type, Object value) {
        return switch (value) {
            case Boolean b -> b;
            case String s when s.equals("true") || s.equals("false") -> s.equals("true");
            case Number n when isZeroOrOne(n) -> n.doubleValue() == 1;
            default -> throw new FieldError(type, IntegerValues.describe(value) + " is not a boolean for "
                    + type.cName());
        };
    }

    private static boolean isZeroOrOne(Number n) {
        double d = n.doubleValue();
        return d == 0 || d == 1;
    }

    /** A name, or a number that fits the enum's storage read either signed or unsigned, as C converts it. */
    private static long enumValue(BtfEnum type, String typeName, Object value, int bits) {
        if (value instanceof String name && !looksNumeric(name)) {
            return type.valueOf(name).orElseThrow(() -> new FieldError(type, "'" + name + "' is not an enumerator of "
                    + type.cName() + "; valid: " + String.join(", ", type.values().stream()
                    .map(BtfEnumValue::name).toList())));
        }
        BigInteger v = number(type, typeName, value);
        if (v.compareTo(IntegerValues.min(bits, true)) < 0 || v.compareTo(IntegerValues.max(bits, false)) > 0) {
            throw outOfRange(type, typeName, value);
        }
        return v.longValue();
    }

    private static boolean looksNumeric(String s) {
        String t = s.strip();
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '+');
    }

    /** The value as an integer within the range of {@code bits} bits; {@code typeName} is the C type for messages. */
    private static BigInteger checked(BtfType type, String typeName, Object value, int bits, boolean signed) {
        BigInteger v = number(type, typeName, value);
        if (v.compareTo(IntegerValues.min(bits, signed)) < 0 || v.compareTo(IntegerValues.max(bits, signed)) > 0) {
            throw outOfRange(type, typeName, value);
        }
        return v;
    }

    private static BigInteger number(BtfType type, String typeName, Object value) {
        try {
            return IntegerValues.parse(value);
        } catch (IllegalArgumentException e) {
            throw new FieldError(type, e.getMessage() + " for " + typeName);
        }
    }

    private static FieldError outOfRange(BtfType type, String typeName, Object value) {
        return new FieldError(type, IntegerValues.describe(value) + " is out of range for " + typeName);
    }

    /** "unsigned int : 3", how C declares the bitfield. */
    private static String bitfieldName(BtfType type, int width) {
        return type.cName() + " : " + width;
    }

    private void floating(BtfFloat type, Object value, long pos) {
        double d = switch (value) {
            case Number n -> n.doubleValue();
            case String s -> parseDouble(type, s);
            default -> throw new FieldError(type, IntegerValues.describe(value) + " is not a number for "
                    + type.cName());
        };
        switch ((int) type.size()) {
            case 2 -> putLong(pos, 2, Float.floatToFloat16((float) d));
            case 4 -> putLong(pos, 4, Float.floatToRawIntBits((float) d));
            case 8 -> putLong(pos, 8, Double.doubleToRawLongBits(d));
            default -> throw new FieldError(type, type.cName() + " (" + type.size() * 8
                    + "-bit float) cannot be encoded; only 16, 32 and 64-bit floats can");
        }
    }

    private static double parseDouble(BtfType type, String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new FieldError(type, "'" + s + "' is not a number for " + type.cName());
        }
    }

    private void array(BtfArray type, Object value, long pos) {
        if (type.isCharArray() && value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > type.length()) {
                throw new FieldError(type, "'" + s + "' is " + bytes.length + " bytes, longer than " + type.cName());
            }
            System.arraycopy(bytes, 0, out, (int) pos, bytes.length);
            return;
        }
        List<?> items = items(type, value);
        if (items.size() > type.length()) {
            throw new FieldError(type, "a list of " + items.size() + " elements does not fit " + type.cName());
        }
        long elementSize = type.elementType().size();
        for (int i = 0; i < items.size(); i++) {
            try {
                if (type.isCharArray()) {
                    rawByte(type.elementType(), items.get(i), pos + i);
                } else {
                    write(type.elementType(), items.get(i), pos + i * elementSize);
                }
            } catch (FieldError e) {
                throw e.within("[" + i + "]");
            }
        }
    }

    /** A byte of a string buffer given as a number: raw bytes read 0..255 whether char is signed or not. */
    private void rawByte(BtfType element, Object value, long pos) {
        if (value == null) {
            return;
        }
        BigInteger v = number(element, element.cName(), value);
        if (v.compareTo(IntegerValues.min(8, true)) < 0 || v.compareTo(IntegerValues.max(8, false)) > 0) {
            throw outOfRange(element, element.cName(), value);
        }
        out[(int) pos] = v.byteValue();
    }

    private static List<?> items(BtfArray type, Object value) {
        return switch (value) {
            case List<?> l -> l;
            case Object[] a -> Arrays.asList(a);
            case byte[] b when type.isCharArray() -> unsignedBytes(b);
            default -> throw new FieldError(type, IntegerValues.describe(value) + " is not a list for "
                    + type.cName() + (type.isCharArray() ? " (give a string, a list or bytes)" : ""));
        };
    }

    private static List<Long> unsignedBytes(byte[] bytes) {
        Long[] values = new Long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xffL;
        }
        return Arrays.asList(values);
    }

    private void struct(BtfStruct type, Object value, long pos) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FieldError(type, IntegerValues.describe(value) + " is not a map of members for "
                    + type.cName());
        }
        rejectUnknown(type, map);
        if (type.isUnion()) {
            BtfMember chosen = UnionMember.choose(type, map);
            if (chosen != null) {
                member(chosen, map, pos);
            }
            return;
        }
        for (BtfMember m : type.members()) {
            member(m, map, pos);
        }
    }

    private static void rejectUnknown(BtfStruct type, Map<?, ?> map) {
        List<String> valid = StructMembers.flatNames(type);
        for (Object key : map.keySet()) {
            if (!valid.contains(String.valueOf(key))) {
                throw new FieldError(type, "unknown member '" + key + "' of " + type.cName() + "; valid members: "
                        + String.join(", ", valid));
            }
        }
    }

    /** Writes one member of the struct at {@code structPos} from the map, if the map gives it. */
    private void member(BtfMember m, Map<?, ?> map, long structPos) {
        if (StructMembers.isAnonymousAggregate(m)) {
            Map<String, Object> own = UnionMember.entriesOf(m, map);
            if (!own.isEmpty()) {
                write(m.type(), own, structPos + m.byteOffset());
            }
            return;
        }
        if (m.name().isEmpty() || !map.containsKey(m.name())) {
            return;
        }
        Object value = map.get(m.name());
        try {
            if (m.isBitfield()) {
                bitfield(m, value, structPos);
            } else {
                write(m.type(), value, structPos + m.byteOffset());
            }
        } catch (FieldError e) {
            throw e.within("." + m.name());
        }
    }

    private void bitfield(BtfMember m, Object value, long structPos) {
        if (value == null) {
            return;
        }
        long bitPos = structPos * 8 + m.bitOffset();
        int width = m.bitfieldSize();
        switch (m.type().resolve()) {
            case BtfInt i when IntegerValues.isBool(i) -> BitField.insert(out, bitPos, width, bool(i, value) ? 1 : 0);
            case BtfInt i -> BitField.insert(out, bitPos, width,
                    checked(i, bitfieldName(i, width), value, width, i.signed()).longValue());
            case BtfEnum e -> BitField.insert(out, bitPos, width,
                    enumValue(e, bitfieldName(e, width), value, width));
            default -> throw new FieldError(m.type(), "a bitfield of " + m.type().cName() + " cannot be encoded");
        }
    }

    private void datasec(BtfDatasec type, Object value, long pos) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FieldError(type, IntegerValues.describe(value) + " is not a map of variables for section "
                    + type.name());
        }
        List<String> names = type.vars().stream().filter(v -> v.type() instanceof BtfVar).map(BtfVarSecInfo::name)
                .toList();
        for (Object key : map.keySet()) {
            if (!names.contains(String.valueOf(key))) {
                throw new FieldError(type, "unknown variable '" + key + "' of section " + type.name()
                        + "; valid variables: " + String.join(", ", names));
            }
        }
        for (BtfVarSecInfo entry : type.vars()) {
            if (entry.type() instanceof BtfVar v && map.containsKey(v.name())) {
                try {
                    write(v.type(), map.get(v.name()), pos + entry.offset());
                } catch (FieldError e) {
                    throw e.within("." + v.name());
                }
            }
        }
    }

    /** An integer's value bits at its position: whole bytes, or a bit range for legacy-encoded narrow ints. */
    private void putBits(BtfInt type, long pos, long value) {
        if (type.bitOffset() == 0 && type.bits() == type.size() * 8) {
            putLong(pos, (int) type.size(), value);
        } else {
            BitField.insert(out, pos * 8 + type.bitOffset(), type.bits(), value);
        }
    }

    private void putLong(long pos, int size, long value) {
        for (int k = 0; k < size; k++) {
            out[(int) pos + k] = (byte) (value >>> (8 * k));
        }
    }

    /** Two's complement, little-endian, sign-filled to {@code size} bytes. */
    private void putWide(long pos, int size, BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte fill = (byte) (value.signum() < 0 ? 0xff : 0);
        for (int k = 0; k < size; k++) {
            int from = bigEndian.length - 1 - k;
            out[(int) pos + k] = from >= 0 ? bigEndian[from] : fill;
        }
    }
}
