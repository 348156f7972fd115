package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.ValueText;
import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a sampled map and renders it the way BCC tools do: log2 or linear histograms (one per
 * key when values hold a {@code slots} array; one overall when keys are bucket indexes), or a
 * key/value table. Clears the map after rendering when the package asks for it.
 */
final class MapSampler {
    private static final BtfCodec CODEC = new BtfCodec();

    private final SampledMap config;
    private final BpfMap map;
    private final BtfType keyType;
    private final BtfType valueType;

    MapSampler(SampledMap config, BpfMap map, Btf btf) {
        this.config = config;
        this.map = map;
        this.keyType = map.btfKeyTypeId() > 0 ? btf.type(map.btfKeyTypeId()) : null;
        this.valueType = map.btfValueTypeId() > 0 ? btf.type(map.btfValueTypeId()) : null;
    }

    String mapName() {
        return map.name();
    }

    String sample() {
        List<MapEntry> entries = map.entries();
        List<Decoded> decoded = new ArrayList<>();
        for (MapEntry e : entries) {
            decoded.add(new Decoded(decode(keyType, e.key()), decode(valueType, aggregate(e.value()))));
        }
        String text = switch (config.kind()) {
            case "log2_hist", "linear_hist" -> histograms(decoded);
            default -> table(decoded);
        };
        if (config.clear()) {
            map.clear();
        }
        return text;
    }

    /** Per-CPU values are summed slot by slot so counts read like a normal map's. */
    private byte[] aggregate(byte[] value) {
        if (!map.type().isPerCpu()) {
            return value;
        }
        int size = map.valueSize();
        int slot = (size + 7) & ~7;
        byte[] sum = new byte[size];
        for (int off = 0; off + size <= value.length; off += slot) {
            for (int i = 0; i + 8 <= size; i += 8) {
                long acc = readLong(sum, i) + readLong(value, off + i);
                writeLong(sum, i, acc);
            }
            if (size % 8 == 4) {
                int i = size - 4;
                long acc = (readInt(sum, i) + readInt(value, off + i)) & 0xffffffffL;
                writeLong(sum, i, acc);
            }
        }
        return sum;
    }

    private String histograms(List<Decoded> entries) {
        StringBuilder out = new StringBuilder();
        boolean keyedBuckets = !entries.isEmpty() && entries.stream().allMatch(d -> isNumber(d.key) && isNumber(d.value));
        if (keyedBuckets || entries.isEmpty()) {
            long[] slots = new long[0];
            for (Decoded d : entries) {
                int index = (int) toLong(d.key);
                if (index < 0 || index > 4096) {
                    continue;
                }
                if (index >= slots.length) {
                    slots = java.util.Arrays.copyOf(slots, index + 1);
                }
                slots[index] += toLong(d.value);
            }
            return render(slots);
        }
        entries.sort(Comparator.comparing(d -> ValueText.text(d.key)));
        for (Decoded d : entries) {
            long[] slots = slotsOf(d.value);
            if (slots == null) {
                continue;
            }
            if (entries.size() > 1 || !isTrivialKey(d.key)) {
                out.append('\n').append(describeKey(d.key));
                if (d.value instanceof Map<?, ?> fields) {
                    fields.forEach((k, v) -> {
                        if (!"slots".equals(k)) {
                            out.append(' ').append(k).append(" = ").append(ValueText.text(v));
                        }
                    });
                }
                out.append('\n');
            }
            out.append(render(slots));
        }
        return out.toString();
    }

    private String render(long[] slots) {
        if (config.kind().equals("linear_hist")) {
            return LinearHistogram.render(slots, 0, Math.max(1, config.linearStep()), config.unit());
        }
        return Log2Histogram.render(slots, config.unit());
    }

    private String table(List<Decoded> entries) {
        entries.sort(Comparator.comparing((Decoded d) -> isNumber(d.value) ? -toLong(d.value) : 0L)
                .thenComparing(d -> ValueText.text(d.key)));
        List<String> keys = entries.stream().map(d -> ValueText.text(d.key)).toList();
        int width = Math.max(3, keys.stream().mapToInt(String::length).max().orElse(3));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + width + "s  %s%n", "KEY", "VALUE"));
        for (int i = 0; i < entries.size(); i++) {
            out.append(String.format("%-" + width + "s  %s%n", keys.get(i), ValueText.text(entries.get(i).value)));
        }
        return out.toString();
    }

    private static long[] slotsOf(Object value) {
        Object slots = value instanceof Map<?, ?> m ? m.get("slots") : value;
        if (!(slots instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(list.get(i));
        }
        return out;
    }

    private static boolean isTrivialKey(Object key) {
        return isNumber(key) && toLong(key) == 0;
    }

    private static String describeKey(Object key) {
        if (key instanceof Map<?, ?> fields) {
            StringBuilder sb = new StringBuilder();
            fields.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(" = ").append(ValueText.text(v)));
            return sb.toString();
        }
        return "key = " + ValueText.text(key);
    }

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
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static boolean isNumber(Object o) {
        return o instanceof Number;
    }

    private static long toLong(Object o) {
        if (o instanceof BigInteger b) {
            return b.longValue();
        }
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static long readInt(byte[] b, int off) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void writeLong(byte[] b, int off, long v) {
        int n = Math.min(8, b.length - off);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private record Decoded(Object key, Object value) {
    }
}
