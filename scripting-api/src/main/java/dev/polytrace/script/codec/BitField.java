package dev.polytrace.script.codec;

/**
 * Reads and writes a run of bits in little-endian storage, as C lays out bitfields on the
 * little-endian targets BPF runs on: bit {@code n} of the struct is bit {@code n % 8} of byte
 * {@code n / 8}. A field of up to 64 bits at any bit offset spans at most nine bytes.
 */
final class BitField {
    private BitField() {
    }

    /** Number of bytes from the byte holding {@code bitOffset} to the one holding the field's last bit. */
    static int byteSpan(long bitOffset, int width) {
        return (int) ((bitOffset % 8 + width + 7) / 8);
    }

    /** The field's bits, unsigned in the low {@code width} (1 to 64) bits; {@code bytes} is its {@link #byteSpan}. */
    static long extract(byte[] bytes, long bitOffset, int width) {
        int shift = (int) (bitOffset % 8);
        long low = 0;
        for (int k = 0; k < Math.min(bytes.length, 8); k++) {
            low |= (bytes[k] & 0xffL) << (8 * k);
        }
        long value = low >>> shift;
        if (bytes.length == 9) {
            value |= (bytes[8] & 0xffL) << (64 - shift);
        }
        return width == 64 ? value : value & ((1L << width) - 1);
    }

    /** Writes the low {@code width} bits of {@code value} at {@code bitOffset} of {@code out}, keeping other bits. */
    static void insert(byte[] out, long bitOffset, int width, long value) {
        for (int i = 0; i < width; i++) {
            long bit = bitOffset + i;
            int index = (int) (bit / 8);
            int mask = 1 << (bit % 8);
            if ((value >>> i & 1) != 0) {
                out[index] |= (byte) mask;
            } else {
                out[index] &= (byte) ~mask;
            }
        }
    }
}
