package dev.polytrace.host.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A JSON node with the path that reached it ({@code $.params[2].type}), so that every complaint
 * about a package names the exact field. Absent fields and explicit nulls are treated alike.
 */
record JsonField(JsonNode node, String path, String origin) {
    static JsonField root(JsonNode node, String origin) {
        return new JsonField(node, "$", origin);
    }

    /** Whether the object has that field with a non-null value. */
    boolean has(String name) {
        JsonNode child = node.get(name);
        return child != null && !child.isNull();
    }

    /** The field, failing with "missing" when it is absent or null. */
    JsonField require(String name) {
        return optional(name).orElseThrow(() -> new PackageFormatException(origin, childPath(name), "missing"));
    }

    Optional<JsonField> optional(String name) {
        return has(name) ? Optional.of(new JsonField(node.get(name), childPath(name), origin)) : Optional.empty();
    }

    /** The path a child would have, for fields that are derived rather than read. */
    String childPath(String name) {
        return path + "." + name;
    }

    String text() {
        return expect(node.isTextual(), "a string", node::textValue);
    }

    String text(String name) {
        return require(name).text();
    }

    String text(String name, String fallback) {
        return optional(name).map(JsonField::text).orElse(fallback);
    }

    long integer() {
        return expect(node.isIntegralNumber() && node.canConvertToLong(), "an integer", node::longValue);
    }

    long integer(String name) {
        return require(name).integer();
    }

    long integer(String name, long fallback) {
        return optional(name).map(JsonField::integer).orElse(fallback);
    }

    /** An integer that must be at least {@code min}. */
    long integerAtLeast(long min) {
        long value = integer();
        if (value < min) {
            throw fail("must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** The field as {@link #integerAtLeast(long)}, or {@code fallback} when absent. */
    long integerAtLeast(String name, long fallback, long min) {
        return optional(name).map(f -> f.integerAtLeast(min)).orElse(fallback);
    }

    boolean bool() {
        return expect(node.isBoolean(), "true or false", node::booleanValue);
    }

    boolean bool(String name, boolean fallback) {
        return optional(name).map(JsonField::bool).orElse(fallback);
    }

    /** Fails unless this is an object. */
    JsonField object() {
        return expect(node.isObject(), "an object", () -> this);
    }

    /** The value read by {@code read} when {@code ok}, else "expected WHAT, got" what the node is. */
    private <T> T expect(boolean ok, String what, Supplier<T> read) {
        if (!ok) {
            throw fail("expected " + what + ", got " + describe(node));
        }
        return read.get();
    }

    /** The elements of this array. */
    List<JsonField> elements() {
        int size = expect(node.isArray(), "an array", node::size);
        List<JsonField> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new JsonField(node.get(i), path + "[" + i + "]", origin));
        }
        return out;
    }

    /** The elements of the array field {@code name}, empty when the field is absent. */
    List<JsonField> elements(String name) {
        return optional(name).map(JsonField::elements).orElse(List.of());
    }

    /** Rejects fields outside {@code known}: in a hand-edited package they are almost always typos. */
    JsonField allowOnly(Set<String> known) {
        object();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PackageFormatException(origin, childPath(name),
                        "unknown field (known: " + String.join(", ", new LinkedHashSet<>(known)) + ")");
            }
        }
        return this;
    }

    /** A JSON scalar, or array of them, as Java: Long (BigInteger past 64 bits), Double, Boolean, String, List, null. */
    Object scalar() {
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            elements().forEach(e -> values.add(e.scalar()));
            return values;
        }
        throw fail("expected a number, string, boolean or array, got " + describe(node));
    }

    PackageFormatException fail(String detail) {
        return new PackageFormatException(origin, path, detail);
    }

    PackageFormatException fail(String detail, Throwable cause) {
        return new PackageFormatException(origin, path, detail, cause);
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "\"" + abbreviate(node.textValue()) + "\"";
            case NUMBER, BOOLEAN -> node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
