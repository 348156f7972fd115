package dev.polytrace.host.repl;

import dev.polytrace.host.maps.TextTable;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.cli.UserError;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.JsonText;
import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map's entries decoded through its BTF key and value types, and the ways {@code :dump} and
 * {@code :watch} show them: a key/value table, JSON Lines, or a BCC-style histogram for the maps
 * that hold one. Per-CPU values are summed over CPUs, as the sampled output of {@code run} does.
 */
final class MapContents {
    private static final BtfCodec CODEC = new BtfCodec();

    /** One decoded entry. */
    record Entry(Object key, Object value) {
    }

    private MapContents() {
    }

    static List<Entry> read(BpfMap map, Btf btf) {
        if (map.type().isEventStream()) {
            throw new UserError(map.name() + " is a " + map.type().displayName()
                    + " map: it holds no entries, its records are events (:events, :follow)");
        }
        BtfType keyType = map.btfKeyTypeId() > 0 ? btf.type(map.btfKeyTypeId()) : null;
        BtfType valueType = map.btfValueTypeId() > 0 ? btf.type(map.btfValueTypeId()) : null;
        List<Entry> entries = new ArrayList<>();
        for (MapEntry e : map.entries()) {
            entries.add(new Entry(decode(keyType, e.key()), value(map, valueType, e.value())));
        }
        return entries;
    }

    /** {@code KEY  VALUE} rows, biggest numeric values first, otherwise by key. */
    static String table(List<Entry> entries, JavaDisplay display) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((Entry e) -> e.value() instanceof Number n ? -toDouble(n) : 0.0)
                .thenComparing(e -> display.line(e.key())));
        TextTable table = new TextTable("KEY", "VALUE");
        for (Entry e : sorted) {
            table.row(display.line(e.key()), display.line(e.value()));
        }
        return table.render() + "(" + entries.size() + (entries.size() == 1 ? " entry)" : " entries)") + "\n";
    }

    /** One JSON object per entry, {@code {"key": ..., "value": ...}}. */
    static String jsonLines(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("key", e.key());
            record.put("value", e.value());
            out.append(JsonText.of(record)).append('\n');
        }
        return out.toString();
    }

    /**
     * The histogram a map holds, when it holds one: values that are structs with a {@code slots}
     * array (one histogram per key), or, for a map the package samples as a histogram, numeric
     * keys that are bucket indexes.
     */
    static Optional<String> histogram(List<Entry> entries, Optional<SampledMap> config) {
        String kind = config.map(SampledMap::kind).orElse("");
        String unit = config.map(SampledMap::unit).filter(u -> u != null && !u.isEmpty()).orElse("value");
        long step = config.map(SampledMap::linearStep).filter(s -> s > 0).orElse(1L);
        boolean slotStructs = !entries.isEmpty()
                && entries.stream().allMatch(e -> e.value() instanceof Map<?, ?> m && m.get("slots") instanceof List);
        if (slotStructs) {
            StringBuilder out = new StringBuilder();
            for (Entry e : entries) {
                @SuppressWarnings("unchecked")
                Map<String, Object> value = (Map<String, Object>) e.value();
                if (entries.size() > 1) {
                    out.append("key = ").append(JsonText.of(e.key())).append('\n');
                }
                long[] slots = Log2Histogram.fromStruct(value);
                out.append(kind.equals("linear_hist") ? LinearHistogram.render(slots, 0, step, unit)
                        : Log2Histogram.render(slots, unit));
            }
            return Optional.of(out.toString());
        }
        boolean bucketMap = (kind.equals("log2_hist") || kind.equals("linear_hist"))
                && entries.stream().allMatch(e -> e.key() instanceof Number && e.value() instanceof Number);
        if (!bucketMap) {
            return Optional.empty();
        }
        Map<Object, Object> counts = new LinkedHashMap<>();
        entries.forEach(e -> counts.put(e.key(), e.value()));
        long[] slots = Log2Histogram.fromBucketMap(counts);
        return Optional.of(kind.equals("linear_hist") ? LinearHistogram.render(slots, 0, step, unit)
                : Log2Histogram.render(slots, unit));
    }

    private static Object value(BpfMap map, BtfType type, byte[] bytes) {
        if (!map.type().isPerCpu()) {
            return decode(type, bytes);
        }
        int size = map.valueSize();
        int slot = (size + 7) & ~7; // the kernel pads each CPU's value to 8 bytes
        Object total = null;
        for (int off = 0; off + size <= bytes.length; off += slot) {
            Object cpu = decode(type, Arrays.copyOfRange(bytes, off, off + size));
            total = total == null ? cpu : add(total, cpu);
        }
        return total;
    }

    /** Numbers add, lists element by element, structs field by field; anything else keeps the first CPU's. */
    private static Object add(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            BigInteger sum = big(x).add(big(y));
            return sum.bitLength() < 64 ? (Object) sum.longValue() : sum;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() + y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            List<Object> sum = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                sum.add(add(x.get(i), y.get(i)));
            }
            return sum;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Map<Object, Object> sum = new LinkedHashMap<>();
            x.forEach((k, v) -> sum.put(k, y.containsKey(k) ? add(v, y.get(k)) : v));
            return sum;
        }
        return a;
    }

    private static BigInteger big(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    private static double toDouble(Number n) {
        return n.doubleValue();
    }

    /** Without BTF: integers by size, other sizes as hex. */
    private static Object decode(BtfType type, byte[] bytes) {
        if (type != null) {
            return CODEC.decode(type, bytes);
        }
        if (bytes.length == 1 || bytes.length == 2 || bytes.length == 4 || bytes.length == 8) {
            long v = 0;
            for (int i = bytes.length - 1; i >= 0; i--) {
                v = (v << 8) | (bytes[i] & 0xff);
            }
            return v;
        }
        return HexFormat.of().formatHex(bytes);
    }
}
