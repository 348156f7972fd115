package dev.polytrace.bundled;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads BCC-style histogram text as the host prints sampled maps: "  4 -> 7  : 9  |***  |". */
final class HistogramText {
    private static final Pattern BUCKET = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s*\\|", Pattern.MULTILINE);

    private HistogramText() {
    }

    /** The sum of every bucket's count in {@code text}. */
    static long total(String text) {
        long total = 0;
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            total += Long.parseLong(m.group(3));
        }
        return total;
    }

    /** The part of {@code text} after the header line {@code header}, up to the next header; "" if absent. */
    static String section(String text, String header) {
        int start = text.indexOf(header + "\n");
        if (start < 0) {
            start = text.indexOf(header + " ");
        }
        if (start < 0) {
            return "";
        }
        String rest = text.substring(start);
        int next = rest.indexOf("\n\n", header.length());
        return next < 0 ? rest : rest.substring(0, next);
    }

    /** The count of the bucket whose range contains {@code value}, 0 when absent. */
    static long countAt(String text, long value) {
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) <= value && value <= Long.parseLong(m.group(2))) {
                return Long.parseLong(m.group(3));
            }
        }
        return 0;
    }
}
