package dev.polytrace.script.api;

import dev.polytrace.script.codec.ValueText;
import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * {@code ctx.hist}: BCC-style text histograms, returned as a string to log or emit. The source
 * is one of:
 * <ul>
 * <li>a map view ({@code ctx.maps.dist}) keyed by bucket index with counts as values (a BPF map
 *     filled with {@code log2l(v)} keys), or with struct values holding a {@code slots} array
 *     (libbpf-tools' {@code struct hist}); per-CPU maps are summed;
 * <li>an array of raw values, bucketed here ({@code [3, 17, 250]});
 * <li>an object/dict of counts: {@code {slots: [...]}} (or {@code {counts: [...]}}) for counts
 *     per bucket, or bucket index to count ({@code {0: 4, 3: 1}}).
 * </ul>
 * An empty histogram is "".
 */
public final class ContextHistograms {
    private static final String DEFAULT_UNIT = "value";
    /** Linear buckets allowed: beyond that the step is surely too small for the values. */
    private static final int MAX_LINEAR_BUCKETS = 10_000;

    ContextHistograms() {
    }

    @HostAccess.Export
    public String log2(Value source) {
        return log2(source, null);
    }

    /** @param unit the column title, e.g. {@code usecs} */
    @HostAccess.Export
    public String log2(Value source, String unit) {
        String where = "ctx.hist.log2";
        String title = unit == null ? DEFAULT_UNIT : unit;
        try {
            if (mapView(source) instanceof MapView view) {
                return log2OfMap(view, title, where);
            }
            return switch (GuestValues.toJava(source, where)) {
                case List<?> raw -> Log2Histogram.render(Log2Histogram.fromValues(rawValues(raw, where)), title);
                case Map<?, ?> m when m.containsKey("slots") || m.containsKey("counts") ->
                        Log2Histogram.render(counts(m, where), title);
                case Map<?, ?> m -> Log2Histogram.render(Log2Histogram.fromBucketMap(indexKeyed(m, where)), title);
                case null, default -> throw notASource(where, source);
            };
        } catch (IllegalArgumentException e) {
            throw new HandlerValueException(where + ": " + e.getMessage(), e);
        }
    }

    @HostAccess.Export
    public String linear(Value source, long min, long step) {
        return linear(source, min, step, null);
    }

    /** Bucket {@code i} counts values from {@code min + i * step}; values below min are left out and counted. */
    @HostAccess.Export
    public String linear(Value source, long min, long step, String unit) {
        String where = "ctx.hist.linear";
        String title = unit == null ? DEFAULT_UNIT : unit;
        if (step <= 0) {
            throw new HandlerValueException(where + ": step must be positive, got " + step);
        }
        try {
            if (mapView(source) instanceof MapView view) {
                Map<Object, Object> byIndex = new LinkedHashMap<>();
                view.decodedEntries(true, "entries").forEach(e -> byIndex.put(e.getKey(), e.getValue()));
                return LinearHistogram.render(bucketCounts(byIndex, where), min, step, title);
            }
            return switch (GuestValues.toJava(source, where)) {
                case List<?> raw -> linearOfValues(raw, min, step, title, where);
                case Map<?, ?> m when m.containsKey("slots") || m.containsKey("counts") ->
                        LinearHistogram.render(counts(m, where), min, step, title);
                case Map<?, ?> m -> LinearHistogram.render(bucketCounts(indexKeyed(m, where), where), min,
                        step, title);
                case null, default -> throw notASource(where, source);
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new HandlerValueException(where + ": " + e.getMessage(), e);
        }
    }

    private static Object mapView(Value source) {
        return source != null && source.isHostObject() ? source.asHostObject() : null;
    }

    private static String log2OfMap(MapView view, String unit, String where) {
        List<Map.Entry<Object, Object>> entries = view.decodedEntries(true, "entries");
        if (entries.stream().allMatch(e -> e.getValue() instanceof Map<?, ?> m && m.containsKey("slots"))) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Object, Object> e : entries) {
                @SuppressWarnings("unchecked")
                String text = Log2Histogram.renderStruct((Map<String, ?>) e.getValue(), unit);
                if (!text.isEmpty()) {
                    parts.add(entries.size() == 1 ? text : "key = " + ValueText.text(e.getKey()) + "\n" + text);
                }
            }
            return String.join("\n", parts);
        }
        Map<Object, Object> byIndex = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : entries) {
            if (!(e.getKey() instanceof Number) || !(e.getValue() instanceof Number)) {
                throw new HandlerValueException(where + ": map " + view.name + " (" + view.keyType + " -> "
                        + view.valueType + ") is not a histogram: give a map of slot numbers to counts, or of keys to"
                        + " structs with a 'slots' array");
            }
            byIndex.put(e.getKey(), e.getValue());
        }
        return Log2Histogram.render(Log2Histogram.fromBucketMap(byIndex), unit);
    }

    private static String linearOfValues(List<?> raw, long min, long step, String unit, String where) {
        long[] values = rawValues(raw, where);
        long below = 0;
        int last = -1;
        for (long v : values) {
            if (v < min) {
                below++;
                continue;
            }
            long bucket = Math.floorDiv(Math.subtractExact(v, min), step);
            if (bucket >= MAX_LINEAR_BUCKETS) {
                throw new HandlerValueException(where + ": value " + v + " is " + bucket + " steps above " + min
                        + "; use a larger step (at most " + MAX_LINEAR_BUCKETS + " buckets)");
            }
            last = Math.max(last, (int) bucket);
        }
        long[] counts = new long[last + 1];
        for (long v : values) {
            if (v >= min) {
                counts[(int) Math.floorDiv(v - min, step)]++;
            }
        }
        String text = LinearHistogram.render(counts, min, step, unit);
        return below == 0 ? text : text + "(" + below + " value" + (below == 1 ? "" : "s") + " below " + min
                + " not shown)\n";
    }

    /** Raw measurements: whole or fractional numbers (fractions are cut), never negative for log2 slots. */
    private static long[] rawValues(List<?> raw, String where) {
        long[] values = new long[raw.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(raw.get(i) instanceof Number n)) {
                throw new HandlerValueException(where + ": element [" + i + "] is " + raw.get(i) + ", not a number");
            }
            double d = n.doubleValue();
            if (d < 0 && where.endsWith("log2")) {
                throw new HandlerValueException(where + ": element [" + i + "] is negative (" + n + "); log2"
                        + " histograms count values from 0");
            }
            values[i] = n instanceof Double ? (long) Math.floor(d) : n.longValue();
        }
        return values;
    }

    private static long[] counts(Map<?, ?> m, String where) {
        Object list = m.containsKey("slots") ? m.get("slots") : m.get("counts");
        if (!(list instanceof List<?> items)) {
            throw new HandlerValueException(where + ": 'slots' must be an array of counts");
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Number n)) {
                throw new HandlerValueException(where + ": count [" + i + "] is " + items.get(i) + ", not a number");
            }
            out[i] = n.longValue();
        }
        return out;
    }

    /** Counts by bucket index, from a map of index to count. */
    private static long[] bucketCounts(Map<Object, Object> byIndex, String where) {
        long[] counts = new long[0];
        for (Map.Entry<Object, Object> e : byIndex.entrySet()) {
            if (!(e.getKey() instanceof Number k) || k.longValue() < 0 || k.longValue() >= MAX_LINEAR_BUCKETS
                    || !(e.getValue() instanceof Number count)) {
                throw new HandlerValueException(where + ": entry " + e.getKey() + " -> " + e.getValue() + " is not a"
                        + " bucket index (0.." + (MAX_LINEAR_BUCKETS - 1) + ") with a count");
            }
            int index = (int) k.longValue();
            if (index >= counts.length) {
                counts = Arrays.copyOf(counts, index + 1);
            }
            counts[index] += count.longValue();
        }
        return counts;
    }

    /** Object keys arrive as text ({@code {"3": 5}}); bucket indexes are numbers. */
    private static Map<Object, Object> indexKeyed(Map<?, ?> m, String where) {
        Map<Object, Object> byIndex = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            try {
                byIndex.put(Long.parseLong(String.valueOf(k)), v);
            } catch (NumberFormatException e) {
                throw new HandlerValueException(where + ": key '" + k + "' is not a bucket index; give an array of"
                        + " values, {slots: [...]} or {index: count}");
            }
        });
        return byIndex;
    }

    private static HandlerValueException notASource(String where, Value source) {
        return new HandlerValueException(where + ": cannot make a histogram of " + source + "; give a map"
                + " (ctx.maps.NAME), an array of values, {slots: [...]} or {index: count}");
    }
}
