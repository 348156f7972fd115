package dev.polytrace.host.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.codec.RecordLayout.Placement;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How one record layout is written as JSON straight from a record's bytes: field names escaped
 * once, integers and integer arrays written from the bytes without boxing, C strings escaped once
 * per distinct value (a small direct-mapped table by their bytes: events carry few distinct comms).
 * Any other field goes through the layout's decoder. For the sink's one writing thread.
 */
final class RecordJson {
    private static final int STRING_SLOTS = 64;
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    /** Writes one decoded value (the sink's general path). */
    @FunctionalInterface
    interface ValueWriter {
        void write(Object value) throws IOException;
    }

    private final RecordLayout layout;
    private final SerializableString[] names;
    private final Placement[] placements;
    private final byte[][] stringKeys = new byte[STRING_SLOTS][];
    private final SerializableString[] stringValues = new SerializableString[STRING_SLOTS];

    RecordJson(RecordLayout layout) {
        this.layout = layout;
        int fields = layout.names().size();
        this.names = new SerializableString[fields];
        this.placements = new Placement[fields];
        for (int f = 0; f < fields; f++) {
            names[f] = new SerializedString(layout.names().get(f));
            placements[f] = layout.placement(f);
        }
    }

    RecordLayout layout() {
        return layout;
    }

    /** Whether {@link #write} can take {@code raw}: little-endian and long enough for the type. */
    boolean accepts(ByteBuffer raw) {
        return raw.order() == ByteOrder.LITTLE_ENDIAN && raw.remaining() >= layout.type().size();
    }

    /** The record's fields, as members of the object being written. */
    void write(JsonGenerator json, ByteBuffer raw, ValueWriter other) throws IOException {
        int base = raw.position();
        for (int f = 0; f < names.length; f++) {
            json.writeFieldName(names[f]);
            Placement p = placements[f];
            if (p == null) {
                other.write(layout.read(f, raw));
                continue;
            }
            switch (p.kind()) {
                case INTEGER -> writeInteger(json, raw, base + p.offset(), p);
                case INTEGER_ARRAY -> {
                    json.writeStartArray();
                    for (int k = 0; k < p.count(); k++) {
                        writeInteger(json, raw, base + p.offset() + k * p.size(), p);
                    }
                    json.writeEndArray();
                }
                case STRING -> json.writeString(string(raw, base + p.offset(), p.count(), f));
            }
        }
    }

    private static void writeInteger(JsonGenerator json, ByteBuffer raw, int at, Placement p) throws IOException {
        long value = switch (p.size()) {
            case 1 -> p.signed() ? raw.get(at) : raw.get(at) & 0xffL;
            case 2 -> p.signed() ? raw.getShort(at) : raw.getShort(at) & 0xffffL;
            case 4 -> p.signed() ? raw.getInt(at) : raw.getInt(at) & 0xffff_ffffL;
            default -> raw.getLong(at);
        };
        if (p.size() == 8 && !p.signed() && value < 0) {
            json.writeNumber(BigInteger.valueOf(value).add(TWO_TO_64));
        } else {
            json.writeNumber(value);
        }
    }

    /** The C string at {@code at} (up to its first NUL), escaped; decoded by the layout when new. */
    private SerializableString string(ByteBuffer raw, int at, int length, int field) {
        int end = 0;
        int hash = 1;
        while (end < length) {
            byte b = raw.get(at + end);
            if (b == 0) {
                break;
            }
            hash = 31 * hash + b;
            end++;
        }
        int slot = (hash ^ (hash >>> 16)) & (STRING_SLOTS - 1);
        byte[] key = stringKeys[slot];
        if (key != null && sameBytes(key, raw, at, end)) {
            return stringValues[slot];
        }
        byte[] bytes = new byte[end];
        raw.get(at, bytes);
        SerializableString value = new SerializedString((String) layout.read(field, raw));
        stringKeys[slot] = bytes;
        stringValues[slot] = value;
        return value;
    }

    private static boolean sameBytes(byte[] key, ByteBuffer raw, int at, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != raw.get(at + i)) {
                return false;
            }
        }
        return true;
    }
}
