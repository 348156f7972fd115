package dev.polytrace.script.codec;

import java.math.BigInteger;

/**
 * Unsigned 64-bit integers, as the kernel's {@code __u64} values are: Java has no such type, so a
 * value past {@link Long#MAX_VALUE} is held in a negative long and becomes a {@link BigInteger}
 * wherever it leaves the host (the value model, JSON, guest values).
 */
public final class UnsignedLong {
    /** 2^64: one past the largest unsigned 64-bit value. */
    public static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private UnsignedLong() {
    }

    /** The unsigned value of the 64 bits of {@code bits}. */
    public static BigInteger toBigInteger(long bits) {
        BigInteger value = BigInteger.valueOf(bits);
        return bits >= 0 ? value : value.add(TWO_TO_64);
    }
}
