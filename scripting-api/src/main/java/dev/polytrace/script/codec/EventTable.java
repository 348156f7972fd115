package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default event output, aligned like BCC's and ecli's tools: a {@code TIME} column, then one
 * column per field, upper-cased in the header. Widths are fixed up front (from the C types when
 * the event struct is known) so rows align as they stream, without buffering.
 *
 * <pre>
 * TIME     PID        COMM             STATE
 * 14:03:07 4242       bash             RUN_RUNNING
 * </pre>
 *
 * <p>One column per top-level field, named as in the decoded event and in {@code --json}; a
 * nested struct or array stays in its field's column inline, {@code {x=1, y=2}}, cut to
 * {@link ValueText#MAX_NESTED_COLUMN} characters, as ecli prints nested values. (Splitting it into
 * {@code OUTER.INNER} columns would make wide, mostly-empty tables for the common small structs.)
 * Members of anonymous structs and unions are fields of their own, as when decoded. Values are
 * left-aligned; a value wider than its column pushes the rest of its row rather than being cut.
 */
public final class EventTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final String TIME_HEADER = "TIME";
    private static final int TIME_WIDTH = 8;
    /** Width of a column whose type is unknown, unless its name is wider. */
    private static final int UNTYPED_WIDTH = 8;
    private static final String MISSING = "-";

    private final List<String> columns;
    private final int[] widths;

    /** A table for events with these fields, of unknown types (handler-emitted records). */
    public EventTable(List<String> columns) {
        this.columns = List.copyOf(columns);
        this.widths = new int[this.columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(UNTYPED_WIDTH, this.columns.get(i).length());
        }
    }

    /** A table for events of that struct: one column per field, widths from the field types. */
    public EventTable(BtfStruct eventType) {
        List<BtfMember> members = StructMembers.flat(eventType);
        this.columns = members.stream().map(BtfMember::name).toList();
        this.widths = new int[members.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(ColumnWidth.of(members.get(i)), columns.get(i).length());
        }
    }

    private EventTable(List<String> columns, int[] widths) {
        this.columns = List.copyOf(columns);
        this.widths = widths;
    }

    /** This table with one more column before the others (e.g. the host's CONTAINER), at least {@code width} wide. */
    public EventTable withColumnFirst(String name, int width) {
        List<String> all = new java.util.ArrayList<>(columns.size() + 1);
        all.add(name);
        all.addAll(columns);
        int[] allWidths = new int[widths.length + 1];
        allWidths[0] = Math.max(width, name.length());
        System.arraycopy(widths, 0, allWidths, 1, widths.length);
        return new EventTable(all, allWidths);
    }

    /** The field names, in column order. */
    public List<String> columns() {
        return columns;
    }

    /** {@code TIME} and the upper-cased field names, aligned with {@link #row}. */
    public String header() {
        StringBuilder out = new StringBuilder();
        pad(out, TIME_HEADER, TIME_WIDTH, !columns.isEmpty());
        for (int i = 0; i < columns.size(); i++) {
            out.append(' ');
            pad(out, columns.get(i).toUpperCase(Locale.ROOT), widths[i], i < columns.size() - 1);
        }
        return out.toString();
    }

    /** The time every table line starts with, seconds always shown (LocalTime's own text drops ":00"). */
    public static String clock(LocalTime time) {
        return TIME.format(time);
    }

    /** One event at {@code time}; a field the event lacks shows as {@code -}, fields not in the table are left out. */
    public String row(LocalTime time, Map<String, ?> event) {
        StringBuilder out = new StringBuilder();
        pad(out, clock(time), TIME_WIDTH, !columns.isEmpty());
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            String cell = event.containsKey(name) ? ValueText.column(event.get(name)) : MISSING;
            out.append(' ');
            pad(out, cell, widths[i], i < columns.size() - 1);
        }
        return out.toString();
    }

    /** The last column is not padded, so lines carry no trailing blanks. */
    private static void pad(StringBuilder out, String text, int width, boolean padded) {
        out.append(text);
        if (padded) {
            out.repeat(' ', Math.max(0, width - text.length()));
        }
    }
}
