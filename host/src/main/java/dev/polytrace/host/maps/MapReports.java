package dev.polytrace.host.maps;

import dev.polytrace.host.maps.MapReport.Buckets;
import dev.polytrace.host.maps.MapReport.Histograms;
import dev.polytrace.host.maps.MapReport.KeyedHistogram;
import dev.polytrace.host.maps.MapReport.Order;
import dev.polytrace.host.maps.MapReport.Row;
import dev.polytrace.host.maps.MapReport.Table;
import dev.polytrace.host.maps.MapSnapshot.Entry;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.script.hist.Log2Histogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how a map is shown, from its decoded values (as bpftrace decides from a map's type):
 * <ul>
 * <li>a histogram per key when every value is a struct with a {@code slots} integer array
 *     (libbpf-tools' {@code struct hist}), or an integer array and the map or its value type is
 *     named like a histogram ({@code hist}, {@code slots}); the struct's other members label it.
 *     When no slot of any value counts anything but other members do (hardirqs keeps
 *     {@code count}, {@code total_time} and {@code max_time} beside {@code slots} and fills only
 *     those unless asked for histograms), those members are the map's rows instead;
 * <li>counts, biggest first, when every value is an integer;
 * <li>rows, in key order, otherwise.
 * </ul>
 */
public final class MapReports {
    /** Rows shown of a table when the user does not say. */
    public static final int DEFAULT_TOP = 20;
    /** The value column's label of a histogram whose unit nobody gave. */
    public static final String DEFAULT_UNIT = "value";

    private MapReports() {
    }

    /**
     * The form the values call for.
     *
     * @param top rows shown of counts and rows; 0 or less shows every row
     */
    public static MapReport of(MapSnapshot snapshot, int top) {
        List<Entry> entries = snapshot.entries();
        boolean namedHist = looksLikeHistogram(snapshot.name()) || looksLikeHistogram(snapshot.valueTypeName());
        if (entries.isEmpty()
                || !entries.stream().allMatch(e -> slotsOf(e.value(), namedHist, Log2Histogram.MAX_SLOTS) != null)) {
            return table(snapshot, top);
        }
        boolean slotsCountNothing = entries.stream()
                .allMatch(e -> Arrays.stream(slotsOf(e.value(), namedHist, Integer.MAX_VALUE)).allMatch(c -> c == 0));
        if (slotsCountNothing && entries.stream().anyMatch(e -> !DecodedValues.countsNothing(otherFields(e.value())))) {
            List<Entry> withoutSlots = entries.stream().map(e -> new Entry(e.key(), otherFields(e.value()))).toList();
            return table(new MapSnapshot(snapshot.name(), snapshot.valueTypeName(), withoutSlots, snapshot.source()),
                    top);
        }
        return histograms(snapshot, Buckets.LOG2, DEFAULT_UNIT, 1, namedHist);
    }

    /**
     * How a map is shown anywhere (run, {@code :dump}, the daemon): a map the package samples in
     * the form its {@code kind} says, every other one in the form its values call for.
     */
    public static MapReport shown(MapSnapshot snapshot, Optional<SampledMap> sampled, int top) {
        if (sampled.isEmpty()) {
            return of(snapshot, top);
        }
        SampledMap config = sampled.get();
        String unit = config.unit() == null || config.unit().isEmpty() ? DEFAULT_UNIT : config.unit();
        return switch (config.kind()) {
            case "log2_hist" -> histograms(snapshot, Buckets.LOG2, unit, 1);
            case "linear_hist" -> histograms(snapshot, Buckets.LINEAR, unit, config.linearStep());
            default -> table(snapshot, top);
        };
    }

    /**
     * A map the package samples as a histogram: one summed over its keys when they are bucket
     * indexes with integer counts (a hash keyed by {@code log2l(v)}), else one per key holding a
     * {@code slots} array; entries without one are left out.
     */
    public static Histograms histograms(MapSnapshot snapshot, Buckets buckets, String unit, long step) {
        return histograms(snapshot, buckets, unit, step, true);
    }

    /** Counts when every value is an integer, else rows; {@code top} as in {@link #of}. */
    public static MapReport table(MapSnapshot snapshot, int top) {
        List<Entry> entries = snapshot.entries();
        List<Row> rows = new ArrayList<>(entries.stream().map(e -> new Row(e.key(), e.value())).toList());
        Comparator<Row> byKey = Comparator.comparing(Row::key, Comparator.nullsFirst(KeyOrder.INSTANCE));
        if (entries.stream().allMatch(e -> e.value() instanceof Number)) {
            rows.sort(Comparator.comparing((Row r) -> KeyOrder.number((Number) r.value())).reversed()
                    .thenComparing(byKey));
            return new Table(snapshot.name(), snapshot.source(), Order.BIGGEST_FIRST, first(rows, top), rows.size());
        }
        rows.sort(byKey);
        return new Table(snapshot.name(), snapshot.source(), Order.BY_KEY, first(rows, top), rows.size());
    }

    private static Histograms histograms(MapSnapshot snapshot, Buckets buckets, String unit, long step,
            boolean listsAreSlots) {
        List<Entry> entries = snapshot.entries();
        List<KeyedHistogram> shown = new ArrayList<>();
        boolean bucketKeys = !entries.isEmpty()
                && entries.stream().allMatch(e -> e.key() instanceof Number && e.value() instanceof Number);
        if (bucketKeys) {
            Map<Object, Object> counts = new LinkedHashMap<>();
            entries.forEach(e -> counts.put(e.key(), e.value()));
            addIfUsed(shown, new KeyedHistogram(null, Map.of(), Log2Histogram.fromBucketMap(counts)));
        } else {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing(Entry::key, Comparator.nullsFirst(KeyOrder.INSTANCE)));
            for (Entry e : sorted) {
                long[] slots = slotsOf(e.value(), listsAreSlots,
                        buckets == Buckets.LOG2 ? Log2Histogram.MAX_SLOTS : Integer.MAX_VALUE);
                if (slots != null) {
                    addIfUsed(shown, new KeyedHistogram(e.key(), otherFields(e.value()), slots));
                }
            }
        }
        return new Histograms(snapshot.name(), snapshot.source(), buckets, unit, Math.max(1, step), shown);
    }

    /** Keeps a histogram that counts something, in its slots or in its other members. */
    private static void addIfUsed(List<KeyedHistogram> shown, KeyedHistogram h) {
        if (!h.isEmpty() || !DecodedValues.countsNothing(h.fields())) {
            shown.add(h);
        }
    }

    /** The counts of a {@code slots} member, or of an integer array when it may be one; else null. */
    private static long[] slotsOf(Object value, boolean listsAreSlots, int maxSlots) {
        Object slots = value instanceof Map<?, ?> m ? m.get("slots") : listsAreSlots ? value : null;
        if (!(slots instanceof List<?> list) || list.isEmpty() || list.size() > maxSlots
                || !list.stream().allMatch(x -> x instanceof Number)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).longValue();
        }
        return out;
    }

    private static Map<String, Object> otherFields(Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!"slots".equals(k)) {
                    fields.put(String.valueOf(k), v);
                }
            });
        }
        return fields;
    }

    static boolean looksLikeHistogram(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("hist") || lower.contains("slot");
    }

    private static List<Row> first(List<Row> rows, int top) {
        return top > 0 && rows.size() > top ? rows.subList(0, top) : rows;
    }
}
