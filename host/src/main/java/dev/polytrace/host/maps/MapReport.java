package dev.polytrace.host.maps;

import java.util.List;
import java.util.Map;

/**
 * A map's contents in the form they are printed: histograms (one per key) or a table, of counts
 * (integer values, biggest first, the top N of them) or rows (any other values, in key order).
 * {@link MapReports} decides the form; {@link MapText} and {@link MapJson} write it, so the run's
 * output, the REPL's {@code :dump} and the daemon's map route show a map the same way.
 */
public sealed interface MapReport {
    /** The map's name, or the global variable's. */
    String map();

    /** Whether a map or a global variable holds what it shows. */
    MapSnapshot.Source source();

    /** The form's name in JSON: "hist", "table" or "rows". */
    String kind();

    /** Nothing to show: printing skips the map. */
    boolean isEmpty();

    /** How a histogram's slots divide values. */
    enum Buckets { LOG2, LINEAR }

    /**
     * @param unit  the label of the value column, e.g. "usecs"
     * @param step  the width of a linear bucket (1 for log2 histograms, where it is unused)
     * @param shown one per key whose histogram or other members count something, in key order
     */
    record Histograms(String map, MapSnapshot.Source source, Buckets buckets, String unit, long step,
            List<KeyedHistogram> shown) implements MapReport {
        public Histograms {
            shown = List.copyOf(shown);
        }

        @Override
        public String kind() {
            return "hist";
        }

        @Override
        public boolean isEmpty() {
            return shown.isEmpty();
        }

        /**
         * Whether a header line names each histogram's key: not for a map holding one histogram
         * under key 0 (a global histogram, as runqlat keeps it without -P) or under no key at all
         * (a global variable that is one); its other members (an empty comm) then label nothing.
         */
        public boolean headed() {
            if (shown.size() != 1) {
                return true;
            }
            Object key = shown.get(0).key();
            return !(key == null || key instanceof Number n && n.longValue() == 0);
        }
    }

    /**
     * One histogram.
     *
     * @param key    the map's key, decoded; null for a histogram summed over bucket-index keys
     * @param fields the value's members other than {@code slots} (e.g. {@code comm}), in order
     * @param slots  counts per bucket
     */
    record KeyedHistogram(Object key, Map<String, Object> fields, long[] slots) {
        /** Whether every slot is zero: only its other members say anything. */
        public boolean isEmpty() {
            for (long count : slots) {
                if (count != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One key (null for a global variable's one value) and its value, decoded. */
    record Row(Object key, Object value) {
    }

    /**
     * A table of keys and values: integer values biggest first (the top N of them), any other
     * values in key order.
     *
     * @param rows  the first N rows, in {@code order}
     * @param total how many entries the map had
     */
    record Table(String map, MapSnapshot.Source source, Order order, List<Row> rows, int total) implements MapReport {
        public Table {
            rows = List.copyOf(rows);
        }

        @Override
        public String kind() {
            return order.kind;
        }

        @Override
        public boolean isEmpty() {
            return total == 0;
        }
    }

    /** How a table's rows are ordered, which its kind in JSON names. */
    enum Order {
        /** Integer values, biggest first: "table". */
        BIGGEST_FIRST("table"),
        /** Values that are not single integers (structs, strings, arrays), in key order: "rows". */
        BY_KEY("rows");

        private final String kind;

        Order(String kind) {
            this.kind = kind;
        }
    }
}
