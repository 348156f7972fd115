package dev.polytrace.script.symbols;

import dev.polytrace.script.codec.UnsignedLong;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Addresses as handlers hold them: a number (Long, or BigInteger for kernel addresses above
 * 2^63 as the codec decodes unsigned 64-bit fields), or a string in hex ({@code "0xffff..."}, as
 * pointers are decoded) or decimal. The result is the 64-bit pattern: kernel addresses are
 * negative longs.
 */
public final class Addresses {

    private Addresses() {
    }

    /** @throws IllegalArgumentException when the value is not an address that fits in 64 bits */
    public static long parse(Object value) {
        return switch (value) {
            case Long l -> l;
            case BigInteger b -> fromBig(b, value);
            case Double d -> fromDouble(d);
            case Number n -> n.longValue();
            case String s -> fromText(s);
            case null -> throw new IllegalArgumentException("an address is needed, got null");
            default -> throw new IllegalArgumentException("'" + value + "' is not an address: give a number or a"
                    + " hex string such as \"0xffffffff81000000\"");
        };
    }

    /** {@code 0x} and lower-case hex digits, the 64 bits read unsigned. */
    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    private static long fromBig(BigInteger b, Object original) {
        if (b.signum() < 0 ? b.bitLength() > 63 : b.compareTo(UnsignedLong.TWO_TO_64) >= 0) {
            throw new IllegalArgumentException(original + " does not fit in 64 bits, so it is not an address");
        }
        return b.longValue();
    }

    /** JS numbers: exact only below 2^53, so a kernel address should come as a string or BigInt. */
    private static long fromDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
            throw new IllegalArgumentException(d + " is not an address (not a whole number)");
        }
        return fromBig(new BigDecimal(d).toBigIntegerExact(), d);
    }

    private static long fromText(String text) {
        String s = text.strip();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address: give a number or a hex string"
                    + " such as \"0xffffffff81000000\"", e);
        }
    }
}
