package dev.polytrace.host.script;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * C strings of events ({@code char[N]}: the bytes before the first NUL, as UTF-8), decoded once
 * per distinct value while it stays in a small direct-mapped table: events carry few distinct
 * comms and the like, so most of them cost a hash and a compare instead of a new string. Decodes
 * exactly as {@link dev.polytrace.script.codec.RecordLayout} does. One thread only.
 */
final class TextCache {
    private static final int SLOTS = 256;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The string in {@code bytes[offset .. offset + length)}, up to its first NUL. */
    String text(byte[] bytes, int offset, int length) {
        int end = 0;
        int hash = 1;
        while (end < length && bytes[offset + end] != 0) {
            hash = 31 * hash + bytes[offset + end];
            end++;
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, offset + end)) {
            return values[slot];
        }
        String value = new String(bytes, offset, end, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + end);
        values[slot] = value;
        return value;
    }
}
