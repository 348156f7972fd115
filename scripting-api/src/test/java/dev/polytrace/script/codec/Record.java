package dev.polytrace.script.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data: a little-endian record written field by field, and expected values built in order. */
final class Record {
    private final ByteBuffer out;

    Record(int size) {
        out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    Record u8(int at, int v) {
        out.put(at, (byte) v);
        return this;
    }

    Record u16(int at, int v) {
        out.putShort(at, (short) v);
        return this;
    }

    Record u32(int at, long v) {
        out.putInt(at, (int) v);
        return this;
    }

    Record u64(int at, long v) {
        out.putLong(at, v);
        return this;
    }

    Record f32(int at, float v) {
        out.putFloat(at, v);
        return this;
    }

    Record f64(int at, double v) {
        out.putDouble(at, v);
        return this;
    }

    Record str(int at, String s) {
        out.put(at, s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Record bytes(int at, int... values) {
        for (int i = 0; i < values.length; i++) {
            out.put(at + i, (byte) values[i]);
        }
        return this;
    }

    byte[] array() {
        return out.array().clone();
    }

    /** An ordered map from alternating keys and values, as the codec decodes structs. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... items) {
        return Arrays.asList(items);
    }
}
