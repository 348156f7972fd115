package dev.polytrace.script.codec;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The text form of decoded values, for aligned tables and the REPL: scalars and strings as they
 * are, booleans {@code true}/{@code false}, structs {@code {a=1, b={c=2}}}, arrays {@code [1, 2]}.
 * Strings inside structs and lists are not quoted: this is for people; JSON is {@link JsonText}.
 */
public final class ValueText {
    /** Nested values longer than this are cut in table cells; {@code --json} shows them whole. */
    public static final int MAX_NESTED_COLUMN = 40;
    private static final String CUT = "...";

    private ValueText() {
    }

    /** The full text of a value of the {@link BtfCodec} value model (any Map, List or array works). */
    public static String text(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /**
     * The text of a value in one table cell: strings are kept whole, nested structs and arrays are
     * cut to {@link #MAX_NESTED_COLUMN} characters, and control characters are escaped
     * ({@code \n}, {@code \t}, {@code \x1b}) so that a row stays one line.
     */
    public static String column(Object value) {
        String text = escapeControls(text(value));
        boolean nested = value instanceof Map || value instanceof Iterable
                || (value != null && value.getClass().isArray());
        if (nested && text.length() > MAX_NESTED_COLUMN) {
            return text.substring(0, MAX_NESTED_COLUMN - CUT.length()) + CUT;
        }
        return text;
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(separator).append(e.getKey()).append('=');
                    append(out, e.getValue());
                    separator = ", ";
                }
                out.append('}');
            }
            case Iterable<?> items -> appendItems(out, items.iterator());
            case Object array when array.getClass().isArray() -> appendItems(out, new ArrayIterator(array));
            case null -> out.append("null");
            default -> out.append(value);
        }
    }

    private static void appendItems(StringBuilder out, Iterator<?> items) {
        out.append('[');
        String separator = "";
        while (items.hasNext()) {
            out.append(separator);
            append(out, items.next());
            separator = ", ";
        }
        out.append(']');
    }

    private static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** Any Java array, primitive or not, as items. */
    private static final class ArrayIterator implements Iterator<Object> {
        private final Object array;
        private int next;

        ArrayIterator(Object array) {
            this.array = array;
        }

        @Override
        public boolean hasNext() {
            return next < Array.getLength(array);
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return Array.get(array, next++);
        }
    }
}
