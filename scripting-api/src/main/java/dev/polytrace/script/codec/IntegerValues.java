package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfInt;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Integers of the value model: a {@link Long} whenever the value fits in one, a {@link BigInteger}
 * otherwise (unsigned 64-bit values above {@link Long#MAX_VALUE}, wide {@code __int128} values).
 * One rule for every width keeps values exact and comparable with {@code equals}.
 */
final class IntegerValues {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private IntegerValues() {
    }

    /** {@code _Bool}: clang marks it with the BOOL encoding; the name covers BTF from other producers. */
    static boolean isBool(BtfInt type) {
        return type.isBool() || type.name().equals("_Bool") || type.name().equals("bool");
    }

    /** The value of the low {@code bits} bits of {@code raw} (1 to 64), sign-extended when signed. */
    static Object of(long raw, int bits, boolean signed) {
        if (bits < 64) {
            int unused = 64 - bits;
            return signed ? raw << unused >> unused : raw & (-1L >>> unused);
        }
        if (signed || raw >= 0) {
            return raw;
        }
        return UnsignedLong.toBigInteger(raw);
    }

    /** The value as a Long when it fits, else the BigInteger itself. */
    static Object of(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0 ? (Object) value.longValue() : value;
    }

    /** The smallest and largest value of an integer of that many bits. */
    static BigInteger min(int bits, boolean signed) {
        return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    static BigInteger max(int bits, boolean signed) {
        return BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
    }

    /**
     * The integer a value stands for: any integral {@link Number}, or a string in decimal or
     * {@code 0x} hex with an optional sign. Whole-valued doubles are accepted because script
     * languages hand numbers over as doubles.
     *
     * @throws IllegalArgumentException naming the value when it is not an integer
     */
    static BigInteger parse(Object value) {
        return switch (value) {
            case BigInteger b -> b;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Short s -> BigInteger.valueOf(s);
            case Byte b -> BigInteger.valueOf(b);
            case AtomicLong a -> BigInteger.valueOf(a.get());
            case AtomicInteger a -> BigInteger.valueOf(a.get());
            case BigDecimal d -> whole(d, value);
            case Double d -> fromDouble(d);
            case Float f -> fromDouble(f.doubleValue());
            case String s -> parseText(s);
            case null -> throw new IllegalArgumentException("null is not an integer");
            default -> throw new IllegalArgumentException(describe(value) + " is not an integer");
        };
    }

    /** A value as it reads in a message: strings quoted, with their Java type when not a plain scalar. */
    static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return String.valueOf(value);
        }
        return ValueText.text(value) + " (" + value.getClass().getSimpleName() + ")";
    }

    private static BigInteger fromDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(d + " is not an integer");
        }
        return whole(new BigDecimal(d), d);
    }

    private static BigInteger whole(BigDecimal d, Object original) {
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(original + " is not an integer", e);
        }
    }

    private static BigInteger parseText(String text) {
        String s = text.strip().replace("_", "");
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            digits = digits.substring(2);
        }
        if (digits.isEmpty() || digits.startsWith("-") || digits.startsWith("+")) {
            throw new IllegalArgumentException("'" + text + "' is not an integer");
        }
        try {
            BigInteger parsed = new BigInteger(digits, radix);
            return negative ? parsed.negate() : parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an integer", e);
        }
    }
}
