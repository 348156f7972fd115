package dev.polytrace.host.script.python;

import dev.polytrace.host.script.EventShape;
import dev.polytrace.host.script.QueuedEvent;
import dev.polytrace.host.script.StringNumbering;
import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.codec.RecordLayout.Placement;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of same-layout, same-length events as the Python dispatch loop reads them, handed over
 * in as few guest conversions as possible: every read of a host array from GraalPy releases and
 * takes back its global lock, which costs more than decoding the field.
 *
 * <ul>
 *   <li>The records' bytes go back to back in one {@link #packed} value, each record preceded
 *       by one 32-bit id per C string field; the guest unpacks integers, arrays of them and the
 *       ids with {@code _struct}.</li>
 *   <li>C strings are decoded here, once per distinct value, and numbered ({@link
 *       StringNumbering}): the guest keeps the strings in a list it extends each run, so an event's
 *       comm is a list lookup, and a string first seen after the warm-up is not new code for the
 *       compiled loop (a guest-side cache would be, and the loop would be compiled anew).</li>
 *   <li>Any other field (see {@link RecordLayout#placement}) is a host column holding what the
 *       lazy event view would have given.</li>
 * </ul>
 *
 * Reused batch after batch.
 */
final class PythonColumns {
    private final RecordLayout layout;
    private final int[] hostFields;   // fields the guest cannot decode, in field order
    private final int[] stringFields; // C string fields, in field order
    private final Object[] columns;   // one Object[] per host field, then the containers' when the events have them
    private final int containerColumn; // -1 when the events have no container
    private final int capacity;
    private final StringNumbering strings;
    private byte[] data = new byte[0];
    private int recordLength;

    PythonColumns(RecordLayout layout, int capacity, StringNumbering strings) {
        this.layout = layout;
        this.strings = strings;
        this.capacity = capacity;
        List<Integer> host = new ArrayList<>();
        List<Integer> texts = new ArrayList<>();
        for (int f = 0; f < layout.names().size(); f++) {
            if (isString(layout, f)) {
                texts.add(f);
            } else if (layout.placement(f) == null) {
                host.add(f);
            }
        }
        this.hostFields = host.stream().mapToInt(Integer::intValue).toArray();
        this.stringFields = texts.stream().mapToInt(Integer::intValue).toArray();
        this.containerColumn = EventShape.hasContainer(layout) ? hostFields.length : -1;
        this.columns = new Object[hostFields.length + (containerColumn >= 0 ? 1 : 0)];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new Object[capacity];
        }
    }

    static boolean isString(RecordLayout layout, int field) {
        Placement p = layout.placement(field);
        return p != null && p.kind() == Placement.Kind.STRING;
    }

    /** The host columns, one per field without a {@link RecordLayout#placement}, in field order. */
    Object[] columns() {
        return columns;
    }

    /** Bytes per record of the current run. */
    int recordLength() {
        return recordLength;
    }

    /** How the current run's strings are numbered. */
    StringNumbering strings() {
        return strings;
    }

    /**
     * The current run, {@code rows} records with their string ids in front, as one non-negative
     * integer whose big-endian bytes they are (leading zero bytes come back from the length the
     * guest asks for): GraalPy turns a host BigInteger into an int by copying its digits, and
     * {@code int.to_bytes(n, 'big')} gives them back as {@code bytes} in one copy (a string would
     * be encoded character by character; little-endian costs a reversal on both sides).
     */
    BigInteger packed(int rows) {
        return new BigInteger(1, data, 0, rows * slot());
    }

    private int slot() {
        return 4 * stringFields.length + recordLength;
    }

    /**
     * Takes events {@code from..} of {@code events} as rows {@code 0..}, stopping before the first
     * event of another layout or record length, one shorter than its type (the lazy view has only
     * the fields it holds) or with a field that does not decode (the lazy view reports that one
     * as the handler reads it), or at capacity.
     *
     * @return how many events were taken
     */
    int fill(List<QueuedEvent> events, int from, int to) {
        strings.startRun(capacity * stringFields.length);
        recordLength = events.get(from).raw().length;
        if (recordLength < layout.type().size() || recordLength == 0) {
            return 0;
        }
        if (data.length < capacity * slot()) {
            data = new byte[capacity * slot()];
        }
        int row = 0;
        for (int e = from; e < to && row < capacity; e++, row++) {
            QueuedEvent event = events.get(e);
            if (event.layout() != layout || event.raw().length != recordLength || !decodeHostFields(event.raw(), row)) {
                break;
            }
            int at = row * slot();
            for (int s = 0; s < stringFields.length; s++, at += 4) {
                putInt(at, stringId(event.raw(), layout.placement(stringFields[s])));
            }
            System.arraycopy(event.raw(), 0, data, at, recordLength);
            if (containerColumn >= 0) {
                ((Object[]) columns[containerColumn])[row] = EventShape.guestContainer(event.container());
            }
        }
        return row;
    }

    private int stringId(byte[] raw, Placement field) {
        return strings.id(raw, field.offset(), field.count());
    }

    private void putInt(int at, int value) {
        data[at] = (byte) value;
        data[at + 1] = (byte) (value >>> 8);
        data[at + 2] = (byte) (value >>> 16);
        data[at + 3] = (byte) (value >>> 24);
    }

    private boolean decodeHostFields(byte[] raw, int row) {
        if (hostFields.length == 0) {
            return true;
        }
        ByteBuffer record = RecordLayout.view(raw);
        try {
            for (int c = 0; c < hostFields.length; c++) {
                ((Object[]) columns[c])[row] = GuestValues.toGuest(layout.read(hostFields[c], record));
            }
            return true;
        } catch (CodecException e) {
            return false;
        }
    }

    /** Drops the references the columns hold, so a quiet tracer keeps no old events alive. */
    void clear(int rows) {
        for (Object column : columns) {
            Arrays.fill((Object[]) column, 0, rows, null);
        }
    }
}
