package dev.polytrace.host.output;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.codec.RecordLayout.Placement;
import dev.polytrace.script.codec.UnsignedLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * How one record layout is written as a JSON object straight from a record's bytes, as text the
 * generator then takes whole, many records at a time: field names escaped once, integers and integer arrays written from
 * the bytes without boxing, C strings escaped once per distinct value (a small direct-mapped
 * table by their bytes, read as words: events carry few distinct comms). Any other field is decoded by the layout
 * and encoded by Jackson, whose per-value bookkeeping costs more than the digits. A record shorter than its type leaves out the fields it does
 * not hold, and writes of an array it ends inside the elements there. For the sink's one writing thread.
 */
final class RecordJson {
    private static final int STRING_SLOTS = 64;

    /** Encodes one decoded value as JSON text (the sink's general path). */
    @FunctionalInterface
    interface ValueEncoder {
        String encode(Object value) throws IOException;
    }

    private final RecordLayout layout;
    private final char[][] names; // "name": with the quotes, the colon and a leading comma but for the first
    private final Placement[] placements;
    private final long[][] stringKeys = new long[STRING_SLOTS][]; // the string's bytes as words, NUL and after zeroed
    private final int[] stringLengths = new int[STRING_SLOTS];
    private final char[][] stringValues = new char[STRING_SLOTS][];
    private final long[] words; // the string being looked up, as words
    private StringBuilder line; // the text being appended to, during write

    RecordJson(RecordLayout layout) {
        this.layout = layout;
        int fields = layout.names().size();
        this.names = new char[fields][];
        this.placements = new Placement[fields];
        for (int f = 0; f < fields; f++) {
            names[f] = ((f == 0 ? "\"" : ",\"") + new String(new SerializedString(layout.names().get(f)).asQuotedChars())
                    + "\":").toCharArray();
            placements[f] = layout.placement(f);
        }
        int longestString = 0;
        for (Placement p : placements) {
            if (p != null && p.kind() == Placement.Kind.STRING) {
                longestString = Math.max(longestString, p.count());
            }
        }
        this.words = new long[(longestString + Long.BYTES - 1) / Long.BYTES];
    }

    RecordLayout layout() {
        return layout;
    }

    /** Whether {@link #write} can take {@code raw}: little-endian. */
    boolean accepts(ByteBuffer raw) {
        return raw.order() == ByteOrder.LITTLE_ENDIAN;
    }

    /** Appends the record, one that passed {@link RecordLayout#check}, to {@code line} as one JSON object. */
    void write(StringBuilder line, ByteBuffer raw, ValueEncoder other) throws IOException {
        this.line = line;
        int base = raw.position();
        int length = raw.remaining();
        boolean whole = layout.isWhole(raw);
        line.append('{');
        for (int f = 0; f < names.length; f++) {
            if (!whole && !layout.isPresent(f, raw)) {
                continue; // never the first field: names after it start with their comma
            }
            line.append(names[f]);
            Placement p = placements[f];
            if (p == null) {
                line.append(other.encode(layout.read(f, raw)));
                continue;
            }
            switch (p.kind()) {
                case INTEGER -> appendInteger(raw, base + p.offset(), p);
                case INTEGER_ARRAY -> {
                    line.append('[');
                    int count = whole ? p.count() : p.countWithin(length);
                    for (int k = 0; k < count; k++) {
                        if (k > 0) {
                            line.append(',');
                        }
                        appendInteger(raw, base + p.offset() + k * p.size(), p);
                    }
                    line.append(']');
                }
                case STRING -> line.append('"')
                        .append(string(raw, base + p.offset(), whole ? p.count() : p.countWithin(length), f))
                        .append('"');
            }
        }
        line.append('}');
    }

    private void appendInteger(ByteBuffer raw, int at, Placement p) {
        long value = switch (p.size()) {
            case 1 -> p.signed() ? raw.get(at) : raw.get(at) & 0xffL;
            case 2 -> p.signed() ? raw.getShort(at) : raw.getShort(at) & 0xffffL;
            case 4 -> p.signed() ? raw.getInt(at) : raw.getInt(at) & 0xffff_ffffL;
            default -> raw.getLong(at);
        };
        if (p.size() == 8 && !p.signed() && value < 0) {
            line.append(UnsignedLong.toBigInteger(value));
        } else {
            line.append(value);
        }
    }

    /**
     * The C string at {@code at} (up to its first NUL), escaped; decoded by the layout when new.
     * Read and hashed eight bytes at a time, not byte by byte: it runs for every string of every record.
     */
    private char[] string(ByteBuffer raw, int at, int length, int field) {
        int end = 0;
        int count = 0;
        long hash = 0;
        boolean ended = false;
        while (!ended && end < length) {
            int bytes = Math.min(Long.BYTES, length - end);
            long word = bytes == Long.BYTES ? raw.getLong(at + end) : partialWord(raw, at + end, bytes);
            long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L; // lowest flag: first NUL
            int nul = zeros == 0 ? Long.BYTES : Long.numberOfTrailingZeros(zeros) >>> 3;
            if (nul < bytes) {
                word &= nul == 0 ? 0 : -1L >>> (Long.SIZE - Byte.SIZE * nul);
                bytes = nul;
                ended = true;
            }
            words[count++] = word;
            hash = (hash ^ word) * 0x9E3779B97F4A7C15L;
            end += bytes;
        }
        int slot = (int) (hash >>> 58) & (STRING_SLOTS - 1);
        long[] key = stringKeys[slot];
        if (key != null && stringLengths[slot] == end && Arrays.equals(key, 0, key.length, words, 0, count)) {
            return stringValues[slot];
        }
        stringKeys[slot] = Arrays.copyOf(words, count);
        stringLengths[slot] = end;
        stringValues[slot] = new SerializedString((String) layout.read(field, raw)).asQuotedChars();
        return stringValues[slot];
    }

    /** The {@code bytes} (fewer than eight) at {@code at} as the low bytes of a little-endian word. */
    private static long partialWord(ByteBuffer raw, int at, int bytes) {
        long word = 0;
        for (int i = 0; i < bytes; i++) {
            word |= (raw.get(at + i) & 0xffL) << (Byte.SIZE * i);
        }
        return word;
    }
}
