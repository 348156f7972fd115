package dev.polytrace.bpf.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian packing for map keys and values in tests. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    public static int u32(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    public static long u64(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }
}
