package dev.polytrace.host.script.js;

import dev.polytrace.host.script.EventShape;
import dev.polytrace.host.script.QueuedEvent;
import dev.polytrace.host.script.StringNumbering;
import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.codec.RecordLayout.Placement;
import dev.polytrace.script.codec.UnsignedLong;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of same-layout events as the JavaScript loop of that layout reads them: one host array per
 * column, read by the compiled loop without leaving compiled code. Integers go into {@code int[]}
 * or {@code long[]} columns, read straight from the record's bytes (no boxing, no decoding through
 * the layout); a small integer array into one column per element, which the loop puts together as
 * a JS array; a C string into a column of string numbers ({@link StringNumbering}), so the loop
 * hands the handler the one JS string it keeps for that value (converting a host string each time
 * made a new JS string, and hashing it as a property key cost more than decoding the field). Any
 * other field is what the lazy host view gives, in an {@code Object[]} column.
 *
 * <p>Reused run after run, on the handler thread only.
 */
final class JsColumns {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** How a column holds its values, and what the loop reads for one. */
    enum Kind {
        /** {@code int[]}: integers of up to 32 bits that fit in an int. */
        INT,
        /** {@code long[]}: unsigned 32-bit and signed 64-bit integers. */
        LONG,
        /** {@code long[]} plus an {@code Object[]} holding the BigInteger of values past 2^63. */
        U64,
        /** {@code int[]} of string numbers. */
        STRING,
        /** {@code Object[]} of what the host view gives. */
        HOST
    }

    /** One column: a field, or one element of an integer array field, at {@code offset}. */
    record Column(Kind kind, int field, int offset, int size, boolean signed, int length) {
    }

    /** A field as the loop builds it: one column, or one per element of an array. */
    record Field(String name, List<Integer> columns, boolean array) {
    }

    private final RecordLayout layout;
    private StringNumbering strings; // the run's, while it is filled
    private final List<Field> fields = new ArrayList<>();
    private final List<Column> columns = new ArrayList<>();
    private final Object[] arrays;   // the columns' arrays, in column order, as the loop gets them
    private final Object[] bigs;     // per column: the Object[] of a U64 column's large values, else null
    private final int rawColumn;     // -1 when the layout has a field named raw
    private final int containerColumn; // -1 when the events have no container
    private final int capacity;
    private final int stringColumns;
    private boolean bigsUsed;

    JsColumns(RecordLayout layout, int capacity) {
        this.layout = layout;
        this.capacity = capacity;
        for (int f = 0; f < layout.names().size(); f++) {
            addField(f);
        }
        boolean withContainer = EventShape.hasContainer(layout);
        boolean withRaw = !layout.names().contains(EventFields.RAW);
        rawColumn = withRaw ? columns.size() : -1;
        if (withRaw) {
            fields.add(new Field(EventFields.RAW, List.of(columns.size()), false));
            columns.add(new Column(Kind.HOST, -1, 0, 0, false, 0));
        }
        containerColumn = withContainer ? columns.size() : -1;
        if (withContainer) {
            fields.add(new Field(EventShape.CONTAINER, List.of(columns.size()), false));
            columns.add(new Column(Kind.HOST, -1, 0, 0, false, 0));
        }
        arrays = new Object[columns.size()];
        bigs = new Object[columns.size()];
        for (int c = 0; c < arrays.length; c++) {
            Kind kind = columns.get(c).kind();
            arrays[c] = switch (kind) {
                case INT, STRING -> new int[capacity];
                case LONG, U64 -> new long[capacity];
                case HOST -> new Object[capacity];
            };
            bigs[c] = kind == Kind.U64 ? new Object[capacity] : null;
        }
        stringColumns = (int) columns.stream().filter(c -> c.kind() == Kind.STRING).count();
    }

    private void addField(int f) {
        String name = layout.names().get(f);
        Placement p = layout.placement(f);
        if (p != null && p.kind() == Placement.Kind.STRING) {
            fields.add(new Field(name, List.of(columns.size()), false));
            columns.add(new Column(Kind.STRING, f, p.offset(), 1, false, p.count()));
        } else if (p != null && p.kind() == Placement.Kind.INTEGER) {
            fields.add(new Field(name, List.of(columns.size()), false));
            columns.add(integer(f, p.offset(), p));
        } else if (p != null && p.kind() == Placement.Kind.INTEGER_ARRAY && p.count() <= EventFields.MAX_INLINE_ARRAY) {
            List<Integer> elements = new ArrayList<>();
            for (int k = 0; k < p.count(); k++) {
                elements.add(columns.size());
                columns.add(integer(f, p.offset() + k * p.size(), p));
            }
            fields.add(new Field(name, elements, true));
        } else {
            fields.add(new Field(name, List.of(columns.size()), false));
            columns.add(new Column(Kind.HOST, f, 0, 0, false, 0));
        }
    }

    private static Column integer(int field, int offset, Placement p) {
        Kind kind = p.size() < 4 || (p.size() == 4 && p.signed()) ? Kind.INT
                : p.size() == 8 && !p.signed() ? Kind.U64 : Kind.LONG;
        return new Column(kind, field, offset, p.size(), p.signed(), 0);
    }

    /** Whether the last field is the events' container (see {@link EventShape#hasContainer}). */
    boolean hasContainer() {
        return containerColumn >= 0;
    }

    /** The fields in event order ({@code raw} last), each with the columns it is built from. */
    List<Field> fields() {
        return fields;
    }

    /** The columns, in the order of {@link #arrays()}. */
    List<Column> columns() {
        return columns;
    }

    /** Each column's array, in column order. */
    Object[] arrays() {
        return arrays;
    }

    /** Per column: a U64 column's {@code Object[]} of its values past 2^63 (BigIntegers), else null. */
    Object[] bigs() {
        return bigs;
    }

    /**
     * Takes events {@code from..} of {@code events} as rows {@code 0..}, stopping before the first
     * event of another layout, one shorter than its type (the lazy view has only the fields it
     * holds: an object literal would have them all) or with a host field that does not decode
     * (the lazy view reports that one as the handler reads it), or at capacity. C strings
     * are numbered by {@code strings}, the loop's numbering.
     *
     * @return how many events were taken
     */
    int fill(List<QueuedEvent> events, int from, int to, StringNumbering strings) {
        this.strings = strings;
        strings.startRun(capacity * stringColumns);
        int row = 0;
        for (int e = from; e < to && row < capacity; e++, row++) {
            QueuedEvent event = events.get(e);
            if (event.layout() != layout || event.raw().length < layout.type().size() || !decode(event.raw(), row)) {
                break;
            }
            if (containerColumn >= 0) {
                ((Object[]) arrays[containerColumn])[row] = EventShape.guestContainer(event.container());
            }
        }
        return row;
    }

    private boolean decode(byte[] raw, int row) {
        ByteBuffer view = null;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            switch (column.kind()) {
                case INT -> ((int[]) arrays[c])[row] = (int) integer(raw, column);
                case LONG -> ((long[]) arrays[c])[row] = integer(raw, column);
                case U64 -> {
                    long value = integer(raw, column);
                    ((long[]) arrays[c])[row] = value;
                    if (value < 0) {
                        ((Object[]) bigs[c])[row] = UnsignedLong.toBigInteger(value);
                        bigsUsed = true;
                    }
                }
                case STRING -> ((int[]) arrays[c])[row] = strings.id(raw, column.offset(), column.length());
                case HOST -> {
                    if (c == rawColumn) {
                        ((Object[]) arrays[c])[row] = GuestValues.toGuest(raw);
                    } else if (c != containerColumn) {
                        try {
                            view = view != null ? view : RecordLayout.view(raw);
                            ((Object[]) arrays[c])[row] = GuestValues.toGuest(layout.read(column.field(), view));
                        } catch (CodecException e) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** The integer at the column's offset, sign-extended when signed, else zero-extended. */
    private static long integer(byte[] raw, Column column) {
        int at = column.offset();
        return switch (column.size()) {
            case 1 -> column.signed() ? raw[at] : raw[at] & 0xffL;
            case 2 -> column.signed() ? (short) SHORT.get(raw, at) : (short) SHORT.get(raw, at) & 0xffffL;
            case 4 -> column.signed() ? (int) INT.get(raw, at) : (int) INT.get(raw, at) & 0xffff_ffffL;
            default -> (long) LONG.get(raw, at);
        };
    }

    /** Drops the references the columns hold, so a quiet tracer keeps no old events alive. */
    void clear(int rows) {
        for (int c = 0; c < arrays.length; c++) {
            if (arrays[c] instanceof Object[] objects) {
                Arrays.fill(objects, 0, rows, null);
            }
        }
        if (bigsUsed) {
            for (Object big : bigs) {
                if (big != null) {
                    Arrays.fill((Object[]) big, 0, rows, null);
                }
            }
            bigsUsed = false;
        }
    }
}
