package dev.polytrace.host.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so every problem in a rule file can name its line. Maps
 * keep their keys' lines too.
 *
 * @param value a scalar ({@code String}, {@code Long}, {@code Double}, {@code Boolean}), a
 *              {@code List<LocatedYaml>}, a {@code Map<String, LocatedYaml>} or null
 */
record LocatedYaml(Object value, int line) {
    private static final YAMLFactory YAML = new YAMLFactory();

    static LocatedYaml parse(String file, String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new LocatedYaml(List.of(), 1);
            }
            return read(file, parser);
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation().getLineNr() : 0;
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new RuleFileException(file, line, "not valid YAML: " + message.replaceAll(" at \\[Source.*", ""));
        }
    }

    private static LocatedYaml read(String file, JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_ARRAY -> {
                List<LocatedYaml> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(file, parser));
                }
                return new LocatedYaml(items, line);
            }
            case START_OBJECT -> {
                Map<String, LocatedYaml> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    LocatedYaml value = read(file, parser);
                    if (fields.containsKey(key)) {
                        throw new RuleFileException(file, keyLine, "'" + key + "' given twice");
                    }
                    // the key's line: a block scalar's text starts on the next one
                    fields.put(key, new LocatedYaml(value.value, keyLine));
                }
                return new LocatedYaml(fields, line);
            }
            case VALUE_NULL -> {
                return new LocatedYaml(null, line);
            }
            case VALUE_NUMBER_INT -> {
                return new LocatedYaml(parser.getValueAsLong(), line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new LocatedYaml(parser.getValueAsDouble(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new LocatedYaml(token == JsonToken.VALUE_TRUE, line);
            }
            default -> {
                return new LocatedYaml(parser.getText(), line);
            }
        }
    }

    boolean isMap() {
        return value instanceof Map;
    }

    @SuppressWarnings("unchecked")
    Map<String, LocatedYaml> map() {
        return (Map<String, LocatedYaml>) value;
    }

    boolean isList() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    List<LocatedYaml> list() {
        return (List<LocatedYaml>) value;
    }

    boolean isScalar() {
        return value != null && !isMap() && !isList();
    }

    /** A scalar as written (numbers and booleans too). */
    String text() {
        return String.valueOf(value);
    }
}
