package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The token service a registry's {@code Bearer} challenge names (distribution spec, "token
 * authentication"): {@code GET realm?service=S&scope=X}, with basic auth when there are
 * credentials, anonymously otherwise; the answer's {@code token} (or OAuth2's
 * {@code access_token}) goes into {@code Authorization: Bearer} on the retried request.
 */
final class TokenService {
    private static final int MAX_BYTES = 1 << 20;

    private final HttpClient http;
    private final Optional<Credentials> credentials;
    private final Duration timeout;

    TokenService(HttpClient http, Optional<Credentials> credentials, Duration timeout) {
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    String token(AuthChallenge challenge, String scope, String reference) {
        String realm = challenge.param("realm").orElseThrow(() -> new RegistryException(reference,
                "the registry's bearer challenge names no realm (token service)"));
        StringBuilder query = new StringBuilder();
        challenge.param("service").ifPresent(s -> query.append("service=").append(encode(s)));
        for (String s : scope.split(" ")) {
            if (!s.isBlank()) {
                query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(s));
            }
        }
        URI uri;
        try {
            uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(reference, "the token service's address '" + realm + "' is not a URL", e);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new RegistryException(reference, "the token service's address '" + realm + "' is not http(s)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        credentials.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(reference, "token service " + realm + " failed ("
                    + RegistryClient.describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(reference, "interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new RegistryException(reference, "token service " + realm + " refused: HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? (credentials.isPresent() ? " (wrong login?)"
                    : " (it needs a login: --user USER, or docker login)") : ""));
        }
        if (response.body().length > MAX_BYTES) {
            throw new RegistryException(reference, "token service " + realm + " sent more than 1 MiB");
        }
        JsonNode answer = RegistryClient.json(response.body(), reference);
        String token = answer.path("token").asText(answer.path("access_token").asText(""));
        if (token.isBlank()) {
            throw new RegistryException(reference, "token service " + realm + " answered without a token");
        }
        return token;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
