package dev.polytrace.host.daemon;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.pkg.PackageHandler;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading request bodies: JSON that is not JSON is a 400 naming where it breaks. */
public final class RequestJson {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private RequestJson() {
    }

    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw DaemonException.badRequest("malformed_json", "the request has no body; expected a JSON document");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw DaemonException.badRequest("malformed_json", "the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw DaemonException.badRequest("malformed_json", "not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + message);
        } catch (IOException e) {
            throw DaemonException.badRequest("malformed_json", "cannot read the body: " + e.getMessage());
        }
    }

    public static JsonNode object(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw DaemonException.badRequest("bad_request", "expected a JSON object");
        }
        return node;
    }

    /** Fails on fields outside {@code allowed}, so a typo is not silently ignored. */
    static void allowOnly(JsonNode object, Set<String> allowed, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw DaemonException.badRequest("bad_request", what + ": unknown field '" + name + "'; expected "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    static String text(JsonNode object, String field, String what) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw DaemonException.badRequest("bad_request", what + "." + field + ": expected a string");
        }
        return v.asText();
    }

    /** {@code {"name": value}} with strings, numbers and booleans, as the text {@code --param} would take. */
    public static Map<String, String> params(JsonNode node, String what) {
        Map<String, String> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            throw DaemonException.badRequest("bad_request", what + ": expected an object of name: value");
        }
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw DaemonException.unprocessable("invalid_param", "param " + e.getKey()
                        + ": expected a string, number or boolean");
            }
            params.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
        });
        return params;
    }

    /** A handler given inline: {@code {"language": "js"|"python", "source": "...", "fileName": "x.js"}}. */
    public static PackageHandler handler(JsonNode node, String what) {
        if (!node.isObject()) {
            throw DaemonException.badRequest("bad_request", what + ": expected {\"language\", \"source\"}");
        }
        allowOnly(node, Set.of("language", "source", "fileName"), what);
        String language = text(node, "language", what);
        String source = text(node, "source", what);
        String fileName = text(node, "fileName", what);
        if (source == null) {
            throw DaemonException.badRequest("bad_request", what + ".source: missing");
        }
        if (language == null && fileName != null) {
            language = PackageHandler.languageOf(fileName);
        }
        if (!PackageHandler.JS.equals(language) && !PackageHandler.PYTHON.equals(language)) {
            throw DaemonException.badRequest("bad_request", what + ".language: expected \"js\" or \"python\"");
        }
        if (fileName == null) {
            fileName = PackageHandler.JS.equals(language) ? "handler.js" : "handler.py";
        }
        if (!FILE_NAME.matcher(fileName).matches() || !language.equals(PackageHandler.languageOf(fileName))) {
            throw DaemonException.badRequest("bad_request", what + ".fileName: a plain file name ending in "
                    + (PackageHandler.JS.equals(language) ? ".js or .mjs" : ".py"));
        }
        return new PackageHandler(language, fileName, source);
    }
}
