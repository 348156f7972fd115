package dev.polytrace.script.metrics;

import java.io.IOException;
import java.util.List;

/**
 * Writing pieces of the Prometheus text exposition format (version 0.0.4): escaping of help
 * text and label values, and sample values as Prometheus parses them.
 */
final class Exposition {
    /** Doubles up to here print as integers without losing anything. */
    private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

    private Exposition() {
    }

    static void header(Appendable out, String name, String help, MetricType type) throws IOException {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.exposedName()).append('\n');
    }

    /**
     * One sample line: {@code name{a="x",b="y"} value}. {@code extraName}/{@code extraValue} add a
     * last label (a histogram's {@code le}); pass null for none.
     */
    static void sample(Appendable out, String name, List<String> labelNames, List<String> labelValues,
            String extraName, String extraValue, double value) throws IOException {
        out.append(name);
        if (!labelNames.isEmpty() || extraName != null) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                label(out, labelNames.get(i), labelValues.get(i));
            }
            if (extraName != null) {
                if (!labelNames.isEmpty()) {
                    out.append(',');
                }
                label(out, extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static void label(Appendable out, String name, String value) throws IOException {
        out.append(name).append("=\"").append(escapeLabelValue(value)).append('"');
    }

    /** Help text: backslash and line feed are escaped. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Label values: backslash, double quote and line feed are escaped. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A sample value as Go's ParseFloat reads it: integers without a fraction, +Inf, -Inf, NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
