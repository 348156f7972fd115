package dev.polytrace.script.hist;

import dev.polytrace.script.codec.UnsignedLong;
import java.math.BigInteger;

/**
 * Row pieces shared by both histogram layouts: the {@code |*****     |} bar as BCC draws it
 * ({@code count * width / max} stars rounded down, blanks to the width) and printf-style padding.
 * Counts are unsigned 64-bit, as BPF maps hold them, so the product is computed without overflow.
 */
final class HistogramBar {

    private HistogramBar() {
    }

    /** The bar for {@code count} when the largest count is {@code max} (both unsigned, count at most max). */
    static void append(StringBuilder out, long count, long max, int width) {
        int stars = max == 0 ? 0 : unsigned(count).multiply(BigInteger.valueOf(width)).divide(unsigned(max))
                .min(BigInteger.valueOf(width)).intValue();
        out.append('|').repeat('*', stars).repeat(' ', width - stars).append('|');
    }

    /** The end of a row after its range: " : ", the count, its bar, newline. */
    static void countRow(StringBuilder out, long count, long max, int width) {
        out.append(" : ");
        left(out, Long.toUnsignedString(count), 8);
        out.append(' ');
        append(out, count, max, width);
        out.append('\n');
    }

    /** The largest of the counts, compared unsigned. */
    /** The index of the first non-zero count, -1 when there is none. */
    static int firstNonZero(long[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the last non-zero count, -1 when there is none. */
    static int lastNonZero(long[] counts) {
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    static long maxUnsigned(long[] counts) {
        long max = 0;
        for (long c : counts) {
            if (Long.compareUnsigned(c, max) > 0) {
                max = c;
            }
        }
        return max;
    }

    /** printf's {@code %-*s}: the text, then blanks up to the width. */
    static void left(StringBuilder out, String text, int width) {
        out.append(text).repeat(' ', Math.max(0, width - text.length()));
    }

    /** printf's {@code %*s}: blanks up to the width, then the text. */
    static void right(StringBuilder out, String text, int width) {
        out.repeat(' ', Math.max(0, width - text.length())).append(text);
    }

    private static BigInteger unsigned(long value) {
        return UnsignedLong.toBigInteger(value);
    }
}
