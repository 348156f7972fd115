package dev.polytrace.script.codec;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The JSON form of decoded values, one compact line: maps are objects in member order, lists and
 * arrays are arrays, integers are exact JSON numbers (a {@link BigInteger} above
 * {@link Long#MAX_VALUE} too: JSON numbers have no size limit, though JavaScript readers round
 * beyond 2^53), pointers and char arrays are strings. NaN and the infinities, which JSON cannot
 * express, are the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 */
public final class JsonText {
    private JsonText() {
    }

    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger b -> out.append(b);
            case BigDecimal d -> out.append(d.toPlainString());
            case Double d -> number(out, d);
            case Float f -> number(out, f.doubleValue());
            case Map<?, ?> map -> object(out, map);
            case Iterable<?> items -> {
                out.append('[');
                String separator = "";
                for (Object item : items) {
                    out.append(separator);
                    append(out, item);
                    separator = ",";
                }
                out.append(']');
            }
            case Object array when array.getClass().isArray() -> {
                out.append('[');
                for (int i = 0; i < Array.getLength(array); i++) {
                    out.append(i == 0 ? "" : ",");
                    append(out, Array.get(array, i));
                }
                out.append(']');
            }
            default -> string(out, value.toString());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(separator);
            string(out, String.valueOf(e.getKey()));
            out.append(':');
            append(out, e.getValue());
            separator = ",";
        }
        out.append('}');
    }

    private static void number(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            string(out, Double.toString(d));
        } else {
            out.append(d);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
