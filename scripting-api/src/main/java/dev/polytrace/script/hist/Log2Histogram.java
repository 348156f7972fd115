package dev.polytrace.script.hist;

import dev.polytrace.script.codec.ValueText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Power-of-two histograms in the exact layout of BCC's libbpf-tools {@code print_log2_hist}:
 *
 * <pre>
 *      usecs               : count    distribution
 *          0 -> 1          : 0        |                                        |
 *          2 -> 3          : 4        |*****                                   |
 *          4 -> 7          : 32       |****************************************|
 * </pre>
 *
 * Slot {@code i} counts values in [2^i, 2^(i+1) - 1], slot 0 values 0 and 1: the slot index is
 * libbpf-tools' {@code log2l(v)} (see {@link #bucketOf}). Rows run from slot 0 (or the first
 * non-empty one, see {@link #render(long[], String, boolean)}) to the last non-empty slot; bars
 * are 40 characters scaled to the largest count. When a slot above 32 is used the ranges need
 * 20 digits, so the columns widen and the bars halve, as BCC does. Counts are unsigned 64-bit.
 * An empty histogram renders as "" (BCC prints nothing). Every line ends with a newline.
 */
public final class Log2Histogram {
    /** Slots a 64-bit value can fall into. */
    public static final int MAX_SLOTS = 64;
    private static final int BAR = 40;
    private static final int WIDE_FROM_SLOT = 33;

    private Log2Histogram() {
    }

    /** Renders slots as BCC does, from slot 0. */
    public static String render(long[] slots, String unit) {
        return render(slots, unit, false);
    }

    /**
     * Renders slots; with {@code skipLeadingEmpty}, rows start at the first non-empty slot (BCC's
     * {@code strip_leading_zero}), which keeps histograms of large values short.
     *
     * @throws IllegalArgumentException when a slot above 63 is non-empty
     */
    public static String render(long[] slots, String unit, boolean skipLeadingEmpty) {
        int last = HistogramBar.lastNonZero(slots);
        if (last < 0) {
            return "";
        }
        if (last >= MAX_SLOTS) {
            throw new IllegalArgumentException("log2 slot " + last + " is not a 64-bit range: slots go up to "
                    + (MAX_SLOTS - 1));
        }
        boolean wide = last >= WIDE_FROM_SLOT;
        int rangeWidth = wide ? 20 : 10;
        int bar = wide ? BAR / 2 : BAR;
        long max = HistogramBar.maxUnsigned(slots);
        StringBuilder out = new StringBuilder();
        out.repeat(' ', wide ? 15 : 5);
        HistogramBar.left(out, unit, wide ? 29 : 19);
        out.append(" : count    distribution\n");
        for (int i = skipLeadingEmpty ? HistogramBar.firstNonZero(slots) : 0; i <= last; i++) {
            HistogramBar.right(out, Long.toUnsignedString(low(i)), rangeWidth);
            out.append(" -> ");
            HistogramBar.left(out, Long.toUnsignedString(high(i)), rangeWidth);
            HistogramBar.countRow(out, slots[i], max, bar);
        }
        return out.toString();
    }

    /**
     * The slot of a value, libbpf-tools' {@code log2l}: floor(log2(v)), and 0 for 0 and 1. The value
     * is read as unsigned 64-bit, as the kernel side holds it, so a negative long lands in slot 63.
     */
    public static int bucketOf(long value) {
        return value == 0 ? 0 : 63 - Long.numberOfLeadingZeros(value);
    }

    /** Slots counting raw values (a handler's own measurements), as long as the highest used slot. */
    public static long[] fromValues(long... values) {
        int last = -1;
        for (long v : values) {
            last = Math.max(last, bucketOf(v));
        }
        long[] slots = new long[last + 1];
        for (long v : values) {
            slots[bucketOf(v)]++;
        }
        return slots;
    }

    /**
     * Slots from a decoded map whose keys are slot indexes and values counts (a BPF hash keyed by
     * {@code log2l(v)}); missing slots are 0.
     *
     * @throws IllegalArgumentException for a key outside 0..63 or a count that is not a number
     */
    public static long[] fromBucketMap(Map<?, ?> counts) {
        long[] slots = new long[0];
        for (Map.Entry<?, ?> e : counts.entrySet()) {
            int slot = slotIndex(e.getKey());
            if (slot >= slots.length) {
                slots = Arrays.copyOf(slots, slot + 1);
            }
            slots[slot] += count(e.getValue(), "slot " + slot);
        }
        return slots;
    }

    /**
     * Slots from a decoded struct with a {@code slots} array, the convention of libbpf-tools and
     * eunomia-bpf's {@code log2_hist} maps ({@code struct hist { __u32 slots[26]; ... }}).
     *
     * @throws IllegalArgumentException when the value has no {@code slots} list of numbers
     */
    public static long[] fromStruct(Map<String, ?> value) {
        Object slots = value.get("slots");
        if (!(slots instanceof List<?> items)) {
            throw new IllegalArgumentException("a log2 histogram struct needs a 'slots' array; it has "
                    + String.join(", ", value.keySet()));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = count(items.get(i), "slots[" + i + "]");
        }
        return out;
    }

    /**
     * A struct with a {@code slots} array as eunomia-bpf prints it: its other fields on one line
     * ({@code pid = 42, comm = bash}, none when it has no others), then the histogram. An empty
     * histogram renders as "".
     */
    public static String renderStruct(Map<String, ?> value, String unit) {
        String histogram = render(fromStruct(value), unit);
        if (histogram.isEmpty()) {
            return "";
        }
        List<String> labels = new ArrayList<>();
        value.forEach((name, field) -> {
            if (!name.equals("slots")) {
                labels.add(name + " = " + ValueText.text(field));
            }
        });
        return labels.isEmpty() ? histogram : String.join(", ", labels) + "\n" + histogram;
    }

    private static long low(int slot) {
        return slot == 0 ? 0 : 1L << slot;
    }

    /** 2^(slot+1) - 1, unsigned: all ones for slot 63. */
    private static long high(int slot) {
        return slot == 63 ? -1L : (1L << (slot + 1)) - 1;
    }

    private static int slotIndex(Object key) {
        if (key instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0
                && n.longValue() < MAX_SLOTS) {
            return (int) n.longValue();
        }
        throw new IllegalArgumentException("log2 slot key " + key + " is not a slot index 0.." + (MAX_SLOTS - 1));
    }

    /** A count as unsigned 64 bits (a BigInteger above Long.MAX_VALUE keeps its low 64 bits). */
    private static long count(Object value, String what) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(what + " count " + value + " is not a number");
    }
}
