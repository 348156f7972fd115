package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The logins {@code docker login} (and oras, podman with the same file) saved:
 * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, section {@code auths},
 * entries keyed by registry host (some tools write a URL) with {@code auth} = base64 of
 * {@code user:password}, or {@code username} and {@code password}. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are programs of their own and are not run.
 */
final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerConfig EMPTY = new DockerConfig(JSON.createObjectNode());

    private final JsonNode auths;

    private DockerConfig(JsonNode auths) {
        this.auths = auths;
    }

    static DockerConfig load() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path file = dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return read(file);
    }

    /** The file's logins; a missing or unreadable file has none (anonymous access is then tried). */
    static DockerConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return new DockerConfig(root == null ? JSON.createObjectNode() : root.path("auths"));
        } catch (IOException e) {
            return EMPTY;
        }
    }

    Optional<Credentials> credentialsFor(String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (hostOf(entry.getKey()).equalsIgnoreCase(registry)) {
                return credentials(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<Credentials> credentials(JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String user = entry.path("username").asText("");
        return user.isEmpty() ? Optional.empty()
                : Optional.of(new Credentials(user, entry.path("password").asText("")));
    }

    /** "https://registry.example:5000/v1/" -> "registry.example:5000". */
    private static String hostOf(String key) {
        String k = key.replaceFirst("^[a-z]+://", "");
        int slash = k.indexOf('/');
        return slash < 0 ? k : k.substring(0, slash);
    }
}
