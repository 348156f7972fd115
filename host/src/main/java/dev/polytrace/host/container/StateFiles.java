package dev.polytrace.host.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reading the runtimes' JSON state files: a file that is missing, unreadable or not JSON is no record. */
final class StateFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateFiles() {
    }

    static Optional<JsonNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<JsonNode> parse(String json) {
        try {
            return Optional.of(JSON.readTree(json));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The text at {@code field}, "" when absent or not text. */
    static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String field : path) {
            at = at.path(field);
        }
        return at.isTextual() ? at.asText() : "";
    }

    static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
