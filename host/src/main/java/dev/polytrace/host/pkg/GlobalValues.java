package dev.polytrace.host.pkg;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfFloat;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfPointer;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.script.codec.UnsignedLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Initial values of globals, read from their ELF section as JSON-ready Java values: Long
 * (BigInteger for unsigned 64-bit values past Long.MAX_VALUE), Boolean, Double, the enumerator's
 * name, a NUL-trimmed String for char arrays, a List for other arrays. Structs and unions have no
 * scalar default and give null.
 */
final class GlobalValues {
    private GlobalValues() {
    }

    /** The variable's initial value; {@code section} is its ELF section's contents (zeros for .bss). */
    static Object read(BtfVarSecInfo variable, byte[] section, ByteOrder order) {
        if (variable.offset() < 0 || variable.offset() + variable.size() > section.length) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(section).order(order);
        return decode(variable.var().type(), in, (int) variable.offset());
    }

    private static Object decode(BtfType declared, ByteBuffer in, int at) {
        BtfType type = declared.resolve();
        return switch (type) {
            case BtfInt i when i.isBool() -> in.get(at) != 0;
            case BtfInt i -> integer(in, at, (int) i.size(), i.signed());
            case BtfEnum e -> {
                Object raw = integer(in, at, (int) e.size(), true);
                Optional<String> name = raw instanceof Long l ? e.nameOf(l) : Optional.empty();
                yield name.isPresent() ? name.get() : raw;
            }
            case BtfPointer p -> integer(in, at, 8, false);
            case BtfFloat f when f.size() == 4 -> (double) in.getFloat(at);
            case BtfFloat f when f.size() == 8 -> in.getDouble(at);
            case BtfArray a when a.isCharArray() -> cString(in, at, (int) a.length());
            case BtfArray a -> {
                List<Object> values = new ArrayList<>();
                long step = a.elementType().size();
                for (long k = 0; k < a.length(); k++) {
                    values.add(decode(a.elementType(), in, (int) (at + k * step)));
                }
                yield values;
            }
            default -> null;
        };
    }

    private static Object integer(ByteBuffer in, int at, int size, boolean signed) {
        long v;
        switch (size) {
            case 1 -> v = signed ? in.get(at) : in.get(at) & 0xffL;
            case 2 -> v = signed ? in.getShort(at) : in.getShort(at) & 0xffffL;
            case 4 -> v = signed ? in.getInt(at) : in.getInt(at) & 0xffff_ffffL;
            case 8 -> v = in.getLong(at);
            default -> {
                return null; // __int128 has no JSON-ready form
            }
        }
        if (size == 8 && !signed && v < 0) {
            return UnsignedLong.toBigInteger(v);
        }
        return v;
    }

    private static String cString(ByteBuffer in, int at, int length) {
        int end = at;
        while (end < at + length && in.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
