package dev.polytrace.script.hist;

/**
 * Linear histograms in the layout of BCC's {@code print_linear_hist}: bucket {@code i} counts
 * values from {@code min + i * step}, labelled by that start.
 *
 * <pre>
 *      msecs         : count     distribution
 *         10         : 3        |************************                |
 *         20         : 0        |                                        |
 *         30         : 5        |****************************************|
 * </pre>
 *
 * Rows run from the first to the last non-empty bucket. Empty buckets between them are shown,
 * as BCC's Python tools and bpftrace's {@code lhist} show them (libbpf-tools' C version skips
 * them, which hides gaps in the distribution). Bars are 40 characters scaled to the largest count;
 * counts are unsigned 64-bit. An empty histogram renders as "". Every line ends with a newline.
 */
public final class LinearHistogram {
    private static final int BAR = 40;

    private LinearHistogram() {
    }

    /**
     * @param counts bucket counts, bucket {@code i} starting at {@code min + i * step}
     * @throws ArithmeticException when a bucket start overflows a long
     */
    public static String render(long[] counts, long min, long step, String unit) {
        int last = HistogramBar.lastNonZero(counts);
        if (last < 0) {
            return "";
        }
        long max = HistogramBar.maxUnsigned(counts);
        StringBuilder out = new StringBuilder();
        out.repeat(' ', 5);
        HistogramBar.left(out, unit, 13);
        out.append(" : count     distribution\n");
        for (int i = HistogramBar.firstNonZero(counts); i <= last; i++) {
            long start = Math.addExact(min, Math.multiplyExact(i, step));
            out.repeat(' ', 8);
            HistogramBar.left(out, Long.toString(start), 10);
            HistogramBar.countRow(out, counts[i], max, BAR);
        }
        return out.toString();
    }
}
