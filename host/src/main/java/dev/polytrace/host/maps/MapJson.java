package dev.polytrace.host.maps;

import dev.polytrace.host.maps.MapReport.Buckets;
import dev.polytrace.host.maps.MapReport.Histograms;
import dev.polytrace.host.maps.MapReport.KeyedHistogram;
import dev.polytrace.host.maps.MapReport.Row;
import dev.polytrace.host.maps.MapReport.Table;
import dev.polytrace.script.codec.UnsignedLong;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MapReport} as one JSON record (the run's {@code --json} line, {@code :dump --json}, the
 * daemon's {@code ?format=report}):
 *
 * <pre>
 * {"map": "counts", "kind": "table", "total": 35, "entries": [{"key": {"pid": 42, "comm": "bash"}, "value": 7}, ...]}
 * {"map": "cfg",    "kind": "rows",  "total": 2,  "entries": [{"key": 1, "value": {"on": true, "name": "x"}}, ...]}
 * {"map": "hists",  "kind": "hist",  "buckets": "log2", "unit": "value",
 *  "entries": [{"key": 42, "fields": {"comm": "bash"}, "slots": [0, 3, 1]}, ...]}
 * </pre>
 *
 * Tables hold their top rows (biggest value first) and the map's entry count in {@code total};
 * rows are in key order. A histogram's slot i counts values 2^i..2^(i+1)-1 (slot 0: 0 and 1), or
 * for {@code "buckets": "linear"} i*step..(i+1)*step-1 ({@code step} is given); {@code key} is
 * absent for a histogram summed over bucket-index keys. Keys and values are decoded as a handler
 * sees them. A global variable printed as a map ({@link GlobalSnapshots}) has {@code "global"}
 * where a map has {@code "map"}: {@code {"global": "counts", "kind": "table", ...}}; its entries
 * are keyed by index when it is an array, and have no {@code key} when it is not.
 */
public final class MapJson {
    private MapJson() {
    }

    public static Map<String, Object> record(MapReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(report.source().jsonKey(), report.map());
        out.put("kind", report.kind());
        switch (report) {
            case Histograms h -> {
                out.put("buckets", h.buckets() == Buckets.LINEAR ? "linear" : "log2");
                if (h.buckets() == Buckets.LINEAR) {
                    out.put("step", h.step());
                }
                out.put("unit", h.unit());
                out.put("entries", h.shown().stream().map(MapJson::histogram).toList());
            }
            case Table t -> {
                out.put("total", t.total());
                out.put("entries", rows(t.rows()));
            }
        }
        return out;
    }

    private static Map<String, Object> histogram(KeyedHistogram h) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (h.key() != null) {
            out.put("key", h.key());
        }
        out.put("fields", h.fields());
        List<Object> slots = new ArrayList<>(h.slots().length);
        for (long count : h.slots()) {
            slots.add(count >= 0 ? (Object) count : UnsignedLong.toBigInteger(count));
        }
        out.put("slots", slots);
        return out;
    }

    private static List<Map<String, Object>> rows(List<Row> rows) {
        return rows.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            if (r.key() != null) {
                row.put("key", r.key());
            }
            row.put("value", r.value());
            return row;
        }).toList();
    }
}
