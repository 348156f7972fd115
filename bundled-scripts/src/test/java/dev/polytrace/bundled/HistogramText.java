package dev.polytrace.bundled;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads BCC-style histogram text as the host prints sampled maps: "  4 -> 7  : 9  |***  |". */
final class HistogramText {
    private static final Pattern BUCKET = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s*\\|", Pattern.MULTILINE);

    /** One row: the values from {@code low} to {@code high} (inclusive) were seen {@code count} times. */
    record Bucket(long low, long high, long count) {
    }

    private HistogramText() {
    }

    /** Every bucket row of {@code text}, in order. */
    static List<Bucket> buckets(String text) {
        List<Bucket> out = new ArrayList<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            out.add(new Bucket(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        }
        return out;
    }

    /** The sum of every bucket's count in {@code text}. */
    static long total(String text) {
        return buckets(text).stream().mapToLong(Bucket::count).sum();
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
}
