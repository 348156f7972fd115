package dev.polytrace.host.maps;

import dev.polytrace.host.maps.MapReport.Buckets;
import dev.polytrace.host.maps.MapReport.Histograms;
import dev.polytrace.host.maps.MapReport.KeyedHistogram;
import dev.polytrace.host.maps.MapReport.Row;
import dev.polytrace.host.maps.MapReport.Table;
import dev.polytrace.script.codec.ValueText;
import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link MapReport} as people read it. Histograms as BCC prints them, each under a line naming
 * its key and the value's other members ({@code key = 42 comm = bash}; a struct key by its members,
 * {@code pid = 42 comm = bash}), a blank line between two; one whose slots are all zero is its header
 * line alone. Counts and rows as aligned columns: a
 * struct key (or value) gets one upper-cased column per member, a plain one a KEY (VALUE) column;
 * a table cut to its top rows says so on a last line; a global variable's one value has no key
 * column. Every line ends with a newline.
 */
public final class MapText {
    private MapText() {
    }

    public static String render(MapReport report) {
        if (report.isEmpty()) {
            return "(empty)\n";
        }
        return switch (report) {
            case Histograms h -> histograms(h);
            case Table t -> table(t.rows(), t.total());
        };
    }

    private static String histograms(Histograms report) {
        StringBuilder out = new StringBuilder();
        for (KeyedHistogram h : report.shown()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (report.headed() || h.isEmpty()) {
                out.append(header(h)).append('\n');
            }
            if (h.isEmpty()) {
                continue; // its header holds all it has to say
            }
            out.append(report.buckets() == Buckets.LINEAR
                    ? LinearHistogram.render(h.slots(), 0, report.step(), report.unit())
                    : Log2Histogram.render(h.slots(), report.unit()));
        }
        return out.toString();
    }

    /** {@code key = 42 comm = bash}: the key (by its members when a struct), then the value's other members. */
    static String header(KeyedHistogram h) {
        List<String> parts = new ArrayList<>();
        if (h.key() instanceof Map<?, ?> members) {
            members.forEach((name, value) -> parts.add(name + " = " + ValueText.column(value)));
        } else if (h.key() != null) {
            parts.add("key = " + ValueText.column(h.key()));
        }
        h.fields().forEach((name, value) -> parts.add(name + " = " + ValueText.column(value)));
        return String.join(" ", parts);
    }

    private static String table(List<Row> rows, int total) {
        List<String> keyColumns = rows.get(0).key() == null ? List.of() : columns(rows.get(0).key(), "KEY");
        List<String> valueColumns = columns(rows.get(0).value(), "VALUE");
        List<String> headers = new ArrayList<>(keyColumns);
        headers.addAll(valueColumns);
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(row.key() == null ? List.of() : cells(row.key()));
            cells.addAll(cells(row.value()));
            table.row(cells.toArray());
        }
        String text = table.render();
        return rows.size() < total ? text + "(top " + rows.size() + " of " + total + " entries)\n" : text;
    }

    /** A struct's member names, upper-cased; one column named {@code plain} for anything else. */
    private static List<String> columns(Object value, String plain) {
        if (value instanceof Map<?, ?> members && !members.isEmpty()) {
            return members.keySet().stream().map(k -> String.valueOf(k).toUpperCase(Locale.ROOT)).toList();
        }
        return List.of(plain);
    }

    /** A struct's members, one cell each; anything else, one cell. */
    private static List<String> cells(Object value) {
        if (value instanceof Map<?, ?> members && !members.isEmpty()) {
            return members.values().stream().map(ValueText::column).toList();
        }
        return List.of(ValueText.column(value));
    }
}
