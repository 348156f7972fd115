package dev.polytrace.host.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON object of one annotation, read field by field with errors that name the source file,
 * line, annotation and field. Unknown fields are errors: a typo must not be silently ignored.
 */
final class AnnotationJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode object;
    private final String where;

    private AnnotationJson(JsonNode object, String where) {
        this.object = object;
        this.where = where;
    }

    /** Parses the annotation's argument, which must be a JSON object using only {@code known} fields. */
    static AnnotationJson parse(Annotation annotation, String file, Set<String> known) {
        String where = annotation.where(file);
        if (annotation.argument().isEmpty()) {
            throw new BuildException(where + ": expected a JSON object, e.g. " + example(annotation.tag()));
        }
        JsonNode node;
        try {
            node = JSON.readTree(annotation.argument());
        } catch (JsonProcessingException e) {
            throw new BuildException(where + ": malformed JSON: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("") + " in " + annotation.argument(), e);
        }
        if (node == null || !node.isObject()) {
            throw new BuildException(where + ": expected a JSON object, e.g. " + example(annotation.tag()));
        }
        AnnotationJson json = new AnnotationJson(node, where);
        json.rejectUnknown(known);
        return json;
    }

    String where() {
        return where;
    }

    boolean has(String field) {
        return object.has(field) && !object.get(field).isNull();
    }

    String string(String field, String fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = object.get(field);
        if (!v.isTextual()) {
            throw fail(field, "must be a string");
        }
        return v.asText();
    }

    /** A string, or a number written without quotes (an interface index). */
    String stringOrNumber(String field) {
        if (has(field) && object.get(field).isIntegralNumber()) {
            return object.get(field).asText();
        }
        return string(field, null);
    }

    /** One of {@code allowed}. */
    String choice(String field, String fallback, List<String> allowed) {
        String v = string(field, fallback);
        if (v != null && !allowed.contains(v)) {
            throw fail(field, "must be one of " + String.join(", ", allowed) + ", not \"" + v + "\"");
        }
        return v;
    }

    Long integer(String field, long min) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = object.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw fail(field, "must be an integer");
        }
        if (v.asLong() < min) {
            throw fail(field, "must be at least " + min + ", not " + v.asLong());
        }
        return v.asLong();
    }

    long integer(String field, long min, long fallback) {
        Long v = integer(field, min);
        return v == null ? fallback : v;
    }

    Boolean bool(String field) {
        if (!has(field)) {
            return null;
        }
        if (!object.get(field).isBoolean()) {
            throw fail(field, "must be true or false");
        }
        return object.get(field).asBoolean();
    }

    BuildException fail(String field, String detail) {
        return new BuildException(where + ": \"" + field + "\" " + detail);
    }

    private void rejectUnknown(Set<String> known) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new BuildException(where + ": unknown field \"" + field + "\" (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static String example(String tag) {
        return switch (tag) {
            case Annotation.SAMPLE -> "{\"interval\": 1000, \"type\": \"log2_hist\", \"unit\": \"usecs\"}";
            case Annotation.ATTACH -> "{\"iface\": \"lo\"}";
            default -> "{\"interval\": 1000}";
        };
    }
}
