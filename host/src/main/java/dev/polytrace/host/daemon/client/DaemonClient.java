package dev.polytrace.host.daemon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.output.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The daemon's HTTP API from Java (java.net.http): what {@code polytrace remote} uses. Every call
 * sends the bearer token; an error answer becomes a {@link DaemonClientException} with the daemon's
 * {@code error: detail}.
 */
public final class DaemonClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public DaemonClient(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public JsonNode deploy(byte[] body) {
        return send("POST", "/v1/tracers", body);
    }

    public JsonNode list() {
        return send("GET", "/v1/tracers", null);
    }

    public JsonNode show(String id) {
        return send("GET", "/v1/tracers/" + path(id), null);
    }

    public JsonNode stop(String id) {
        return send("DELETE", "/v1/tracers/" + path(id), null);
    }

    public JsonNode swapHandler(String id, byte[] body) {
        return send("PUT", "/v1/tracers/" + path(id) + "/handler", body);
    }

    public JsonNode setParams(String id, byte[] body) {
        return send("PATCH", "/v1/tracers/" + path(id) + "/params", body);
    }

    public JsonNode map(String id, String map, int limit) {
        return send("GET", "/v1/tracers/" + path(id) + "/maps/" + path(map) + "?limit=" + limit, null);
    }

    /** The map as {@code polytrace run} prints it, the top {@code top} rows of a table (0: every row). */
    public String mapText(String id, String map, int top) {
        return new String(sendForBytes("GET", "/v1/tracers/" + path(id) + "/maps/" + path(map) + "?format=text&top="
                + top, null), StandardCharsets.UTF_8);
    }

    /** {@code POST /v1/build}: the built package's document; a compile error's diagnostics are in the exception's answer. */
    public byte[] build(byte[] order) {
        return sendForBytes("POST", "/v1/build", order);
    }

    /** {@code POST /v1/tracers/{id}/share}: a link to the tracer's package that needs no token. */
    public JsonNode share(String id) {
        return send("POST", "/v1/tracers/" + path(id) + "/share", null);
    }

    /** The daemon's address, as given. */
    public URI base() {
        return base;
    }

    /** The newest {@code limit} records, or the {@code limit} after {@code after} when it is not negative. */
    public JsonNode events(String id, int limit, long after) {
        return send("GET", "/v1/tracers/" + path(id) + "/events?limit=" + limit + (after >= 0 ? "&after=" + after : ""),
                null);
    }

    /**
     * Follows the tracer's event stream from record {@code after} (negative: from now) until the
     * tracer ends, the stream breaks or {@code onEvent} returns false.
     */
    public void follow(String id, long after, Predicate<SseEvent> onEvent) {
        HttpRequest request = request("GET", "/v1/tracers/" + path(id) + "/events" + (after >= 0 ? "?after=" + after : ""),
                null).header("Accept", "text/event-stream").timeout(Duration.ofDays(365)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(response.statusCode(), body.readAllBytes());
                }
                SseParser.read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), onEvent);
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode send(String method, String path, byte[] body) {
        byte[] answer = sendForBytes(method, path, body);
        try {
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private byte[] sendForBytes(String method, String path, byte[] body) {
        HttpRequest request = request(method, path, body).timeout(TIMEOUT).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw failure(response.statusCode(), response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonClientException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static DaemonClientException failure(int status, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.has("error")) {
                return new DaemonClientException(status, "HTTP " + status + " " + TerminalText.line(node.path("error")
                        .asText()) + ": " + TerminalText.line(node.path("detail").asText()), node);
            }
        } catch (IOException ignored) {
            // not our JSON: a proxy's page, say
        }
        return new DaemonClientException(status, "HTTP " + status);
    }

    private DaemonClientException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused (is polytrace serve running there?)"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DaemonClientException(base + ": " + why, e);
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
