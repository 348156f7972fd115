package dev.polytrace.script.api;

import dev.polytrace.script.codec.CodecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys or values of a map without BTF types: 1, 2, 4 and 8 bytes read as unsigned
 * little-endian integers (Long, or BigInteger above 2^63), other sizes as a list of byte values;
 * stack-trace maps as their list of 64-bit addresses up to the first zero.
 */
final class SizedSlotCodec implements MapSlotCodec {
    private static final BigInteger BYTE_MASK = BigInteger.valueOf(0xff);

    private final int size;
    private final boolean stackTrace;

    SizedSlotCodec(int size, boolean stackTrace) {
        this.size = size;
        this.stackTrace = stackTrace && size % 8 == 0;
    }

    private boolean isInteger() {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    @Override
    public Object decode(byte[] bytes) {
        if (stackTrace) {
            List<Object> frames = new ArrayList<>();
            for (int off = 0; off + 8 <= bytes.length; off += 8) {
                BigInteger address = unsigned(bytes, off, 8);
                if (address.signum() == 0) {
                    break;
                }
                frames.add(narrow(address));
            }
            return frames;
        }
        if (isInteger()) {
            return narrow(unsigned(bytes, 0, size));
        }
        List<Object> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add((long) (b & 0xff));
        }
        return list;
    }

    @Override
    public byte[] encode(Object value, String what) {
        byte[] out = new byte[size];
        if (stackTrace) {
            List<?> frames = list(value, what);
            if (frames.size() * 8 > size) {
                throw new CodecException(what + ": " + frames.size() + " addresses do not fit " + size + " bytes");
            }
            for (int i = 0; i < frames.size(); i++) {
                put(out, i * 8, 8, integer(frames.get(i), 8, what + " [" + i + "]"));
            }
            return out;
        }
        if (isInteger()) {
            put(out, 0, size, integer(value, size, what));
            return out;
        }
        byte[] bytes = bytes(value, what);
        if (bytes.length > size) {
            throw new CodecException(what + ": " + bytes.length + " bytes do not fit " + typeName());
        }
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    @Override
    public String typeName() {
        if (stackTrace) {
            return "stack trace (" + size / 8 + " addresses)";
        }
        return isInteger() ? size + "-byte integer" : size + " bytes";
    }

    @Override
    public boolean decodesToList() {
        return stackTrace || !isInteger();
    }

    private static BigInteger unsigned(byte[] bytes, int off, int n) {
        byte[] bigEndian = new byte[n];
        for (int k = 0; k < n; k++) {
            bigEndian[n - 1 - k] = bytes[off + k];
        }
        return new BigInteger(1, bigEndian);
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static void put(byte[] out, int off, int n, BigInteger v) {
        for (int k = 0; k < n; k++) {
            out[off + k] = v.shiftRight(8 * k).and(BYTE_MASK).byteValue();
        }
    }

    /** A whole number within the signed or unsigned range of {@code n} bytes. */
    private static BigInteger integer(Object value, int n, String what) {
        BigInteger v = switch (value) {
            case BigInteger b -> b;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Double d when !d.isNaN() && !d.isInfinite() && d == Math.rint(d) ->
                    new BigDecimal(d).toBigIntegerExact();
            case String s -> parse(s, what);
            case null -> BigInteger.ZERO;
            default -> throw new CodecException(what + ": " + value + " is not a whole number");
        };
        int bits = n * 8;
        if (v.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) < 0
                || v.compareTo(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)) > 0) {
            throw new CodecException(what + ": " + value + " is out of range for a " + n + "-byte integer");
        }
        return v;
    }

    private static BigInteger parse(String text, String what) {
        String s = text.strip();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return new BigInteger(s.substring(2), 16);
            }
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new CodecException(what + ": '" + text + "' is not a whole number");
        }
    }

    private static List<?> list(Object value, String what) {
        if (value instanceof List<?> l) {
            return l;
        }
        throw new CodecException(what + ": " + value + " is not a list");
    }

    private static byte[] bytes(Object value, String what) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        List<?> items = list(value, what);
        byte[] out = new byte[items.size()];
        for (int i = 0; i < out.length; i++) {
            BigInteger b = integer(items.get(i), 1, what + " [" + i + "]");
            out[i] = b.byteValue();
        }
        return out;
    }
}
