package dev.polytrace.host.repl;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values (decoded events and map entries: maps, lists, numbers, strings) in the
 * notation of the prompt's language, so what {@code :dump} prints reads like what an expression
 * returns.
 */
final class JavaDisplay {
    private final ReplLanguage style;

    JavaDisplay(ReplLanguage style) {
        this.style = style;
    }

    /** A value at the top: a string shows as is. */
    Shown top(Object value) {
        return value instanceof String s ? new Shown.Atom(s) : nested(value);
    }

    /** A value inside a structure: a string is quoted. */
    Shown nested(Object value) {
        return switch (value) {
            case null -> new Shown.Atom(style.literalNull());
            case String s -> new Shown.Atom(style.quote(s));
            case Boolean b -> new Shown.Atom(style.literalBoolean(b));
            case Map<?, ?> map -> object(map);
            case byte[] bytes -> new Shown.Atom("<" + bytes.length + " bytes " + hexPrefix(bytes) + ">");
            case Iterable<?> items -> list(items);
            case Object array when array.getClass().isArray() -> list(arrayItems(array));
            default -> new Shown.Atom(String.valueOf(value));
        };
    }

    /** A one-line text, for event lines and table cells. */
    String line(Object value) {
        return Shown.flat(top(value));
    }

    private Shown object(Map<?, ?> map) {
        List<Shown> items = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (items.size() == Shown.MAX_ITEMS) {
                items.add(new Shown.Atom("... " + (map.size() - Shown.MAX_ITEMS) + " more"));
                break;
            }
            items.add(new Shown.Pair(style.key(String.valueOf(e.getKey())), nested(e.getValue())));
        }
        return new Shown.Group("{", "}", items);
    }

    private Shown list(Iterable<?> values) {
        List<Shown> items = new ArrayList<>();
        int total = 0;
        for (Object v : values) {
            total++;
            if (items.size() < Shown.MAX_ITEMS) {
                items.add(nested(v));
            }
        }
        if (total > Shown.MAX_ITEMS) {
            items.add(new Shown.Atom("... " + (total - Shown.MAX_ITEMS) + " more"));
        }
        return new Shown.Group("[", "]", items);
    }

    private static List<Object> arrayItems(Object array) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            items.add(Array.get(array, i));
        }
        return items;
    }

    private static String hexPrefix(byte[] bytes) {
        int shown = Math.min(bytes.length, 16);
        String hex = HexFormat.of().formatHex(bytes, 0, shown);
        return bytes.length > shown ? hex + "..." : hex;
    }
}
