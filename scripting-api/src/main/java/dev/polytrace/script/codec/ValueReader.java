package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfFloat;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfPointer;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfVar;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decode of one value: walks the type and reads the little-endian bytes it describes.
 * Positions are byte offsets from the start of the value; every read checks them against the
 * bytes present, so a short record fails at the first field it cuts.
 */
final class ValueReader {
    /** Arrays of zero-size elements have no bytes to bound them; beyond this they are surely corrupt. */
    private static final long MAX_EMPTY_ELEMENTS = 1 << 16;
    private static final HexFormat HEX = HexFormat.of();

    private final ByteBuffer in;
    private final int start;
    private final long available;

    /** @param in a little-endian view; the value starts at absolute index {@code start} */
    ValueReader(ByteBuffer in, int start, long available) {
        this.in = in;
        this.start = start;
        this.available = available;
    }

    Object value(BtfType declared, long pos) {
        BtfType type = declared.resolve();
        return switch (type) {
            case BtfInt i -> integer(declared, i, pos);
            case BtfEnum e -> enumerator(declared, e, pos);
            case BtfPointer p -> pointer(declared, pos);
            case BtfFloat f -> floating(declared, f, pos);
            case BtfArray a -> array(a, pos);
            case BtfStruct s -> struct(s, pos);
            case BtfVar v -> value(v.type(), pos);
            case BtfDatasec d -> datasec(d, pos);
            default -> throw new FieldError(declared, "is a " + type.kind() + ", which has no value to decode");
        };
    }

    private Object integer(BtfType declared, BtfInt type, long pos) {
        int size = (int) type.size();
        require(declared, pos, size);
        if (size > 8) {
            // __int128: its decimal digits, as ecli prints it: no JSON reader or script number keeps 128 bits.
            return wideInteger(type, pos, size).toString();
        }
        long raw = unsigned(pos, size) >>> type.bitOffset();
        if (IntegerValues.isBool(type)) {
            return (type.bits() >= 64 ? raw : raw & ((1L << type.bits()) - 1)) != 0;
        }
        return IntegerValues.of(raw, type.bits(), type.signed());
    }

    /** {@code __int128}: assembled big-endian for BigInteger, then cut to its value bits. */
    private BigInteger wideInteger(BtfInt type, long pos, int size) {
        byte[] bigEndian = new byte[size];
        int at = start + (int) pos;
        for (int k = 0; k < size; k++) {
            bigEndian[size - 1 - k] = in.get(at + k);
        }
        BigInteger bits = new BigInteger(1, bigEndian).shiftRight(type.bitOffset())
                .and(BigInteger.ONE.shiftLeft(type.bits()).subtract(BigInteger.ONE));
        return type.signed() && bits.testBit(type.bits() - 1) ? bits.subtract(BigInteger.ONE.shiftLeft(type.bits()))
                : bits;
    }

    private Object enumerator(BtfType declared, BtfEnum type, long pos) {
        int size = (int) type.size();
        require(declared, pos, size);
        return enumValue(type, unsigned(pos, size), size * 8);
    }

    /** The enumerator's name, or the number when no enumerator has that value. */
    private static Object enumValue(BtfEnum type, long raw, int bits) {
        Object number = IntegerValues.of(raw, bits, type.signed());
        long value = number instanceof Long l ? l : raw;
        return type.nameOf(value).<Object>map(name -> name).orElse(number);
    }

    private String pointer(BtfType declared, long pos) {
        require(declared, pos, 8);
        return "0x" + HEX.toHexDigits(in.getLong(start + (int) pos));
    }

    /** Floats widen exactly to Double, so a float re-encodes to the same bits. */
    private Double floating(BtfType declared, BtfFloat type, long pos) {
        int size = (int) type.size();
        require(declared, pos, size);
        int at = start + (int) pos;
        return switch (size) {
            case 2 -> (double) Float.float16ToFloat(in.getShort(at));
            case 4 -> (double) in.getFloat(at);
            case 8 -> in.getDouble(at);
            default -> throw new FieldError(declared, "is a " + size * 8
                    + "-bit float; only 16, 32 and 64-bit floats can be decoded");
        };
    }

    private Object array(BtfArray type, long pos) {
        return elements(type, pos, type.length());
    }

    /**
     * The elements of array member {@code m} that lie wholly within the data, for a record that
     * ends inside the array: a C string of the bytes there (up to a NUL), else a shorter list.
     * Errors name the member.
     */
    Object memberPrefix(BtfMember m, long structPos) {
        BtfArray type = (BtfArray) m.type().resolve();
        long pos = structPos + m.byteOffset();
        long elementSize = type.elementType().size();
        long whole = elementSize == 0 ? type.length()
                : Math.min(type.length(), Math.max(0, available - pos) / elementSize);
        try {
            return elements(type, pos, whole);
        } catch (FieldError e) {
            throw e.within("." + m.name());
        }
    }

    /** The first {@code length} elements of the array at {@code pos}. */
    private Object elements(BtfArray type, long pos, long length) {
        if (type.length() == 0) {
            return new ArrayList<>(0); // a flexible array member: its elements are past the struct
        }
        if (type.isCharArray()) {
            return string(type, pos, length);
        }
        BtfType element = type.elementType();
        long elementSize = element.size();
        if (elementSize == 0 && length > MAX_EMPTY_ELEMENTS) {
            throw new FieldError(type, "has " + length + " elements of size 0");
        }
        List<Object> out = new ArrayList<>((int) Math.min(length, 1024));
        for (long i = 0; i < length; i++) {
            try {
                out.add(value(element, pos + i * elementSize));
            } catch (FieldError e) {
                throw e.within("[" + i + "]");
            }
        }
        return out;
    }

    /** A C string: the bytes before the first NUL (all of them without one), malformed UTF-8 replaced. */
    private String string(BtfArray type, long pos, long length) {
        require(type, pos, length);
        int at = start + (int) pos;
        int end = 0;
        while (end < length && in.get(at + end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Map<String, Object> struct(BtfStruct type, long pos) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, type.members().size() * 2));
        members(type, pos, out);
        return out;
    }

    /** Unions decode every member over the same bytes, as C would read them. */
    private void members(BtfStruct type, long pos, Map<String, Object> out) {
        for (BtfMember m : type.members()) {
            if (StructMembers.isAnonymousAggregate(m)) {
                members((BtfStruct) m.type().resolve(), pos + m.byteOffset(), out);
            } else if (!m.name().isEmpty()) {
                out.put(m.name(), member(m, pos));
            }
        }
    }

    /** One named member of the struct at {@code structPos}; errors name the member. */
    Object member(BtfMember m, long structPos) {
        try {
            return m.isBitfield() ? bitfield(m, structPos) : value(m.type(), structPos + m.byteOffset());
        } catch (FieldError e) {
            throw e.within("." + m.name());
        }
    }

    private Object bitfield(BtfMember m, long structPos) {
        long bitPos = structPos * 8 + m.bitOffset();
        int width = m.bitfieldSize();
        if (width > 64) {
            throw new FieldError(m.type(), "is a " + width + "-bit bitfield; at most 64 bits are supported");
        }
        int span = BitField.byteSpan(bitPos, width);
        require(m.type(), bitPos / 8, span);
        byte[] bytes = new byte[span];
        in.get(start + (int) (bitPos / 8), bytes);
        long raw = BitField.extract(bytes, bitPos, width);
        return switch (m.type().resolve()) {
            case BtfInt i when IntegerValues.isBool(i) -> raw != 0;
            case BtfInt i -> IntegerValues.of(raw, width, i.signed());
            case BtfEnum e -> enumValue(e, raw, width);
            default -> throw new FieldError(m.type(), "is a bitfield of a type that is neither integer nor enum");
        };
    }

    private Map<String, Object> datasec(BtfDatasec type, long pos) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (BtfVarSecInfo entry : type.vars()) {
            if (entry.type() instanceof BtfVar v) {
                try {
                    out.put(v.name(), value(v.type(), pos + entry.offset()));
                } catch (FieldError e) {
                    throw e.within("." + v.name());
                }
            }
        }
        return out;
    }

    /** An unsigned little-endian integer of 1 to 8 bytes. */
    private long unsigned(long pos, int size) {
        int at = start + (int) pos;
        return switch (size) {
            case 1 -> in.get(at) & 0xffL;
            case 2 -> in.getShort(at) & 0xffffL;
            case 4 -> in.getInt(at) & 0xffff_ffffL;
            case 8 -> in.getLong(at);
            default -> {
                long v = 0;
                for (int k = 0; k < size; k++) {
                    v |= (in.get(at + k) & 0xffL) << (8 * k);
                }
                yield v;
            }
        };
    }

    private void require(BtfType type, long pos, long size) {
        if (pos + size > available) {
            throw new FieldError(type, "needs bytes " + pos + ".." + (pos + size - 1) + ", the data has " + available);
        }
    }
}
