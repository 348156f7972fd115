package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebDriver BiDi connection (the W3C protocol Firefox speaks natively, no driver binary in
 * between): commands are JSON messages with an id, answered by a message with the same id
 * ({@code "type": "success"} with a result, or {@code "type": "error"}); everything else the
 * browser sends is an event, kept for the test to read.
 */
final class BidiConnection implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private volatile Throwable broken;

    private BidiConnection(URI endpoint) {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(endpoint, new Listener()).join();
    }

    /** Connects to {@code ws://HOST:PORT/session} and starts a session with default capabilities. */
    static BidiConnection open(URI endpoint) {
        BidiConnection connection = new BidiConnection(endpoint);
        try {
            connection.send("session.new", params().set("capabilities", JSON.createObjectNode()));
            return connection;
        } catch (RuntimeException | AssertionError e) {
            connection.close();
            throw e;
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Sends a command and waits for its result; an error answer fails with its error and message. */
    JsonNode send(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        try {
            socket.sendText(JSON.writeValueAsString(command), true).join();
            JsonNode reply = answer.get(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if ("error".equals(reply.path("type").asText())) {
                throw new AssertionError(method + " failed: " + reply.path("error").asText() + ": "
                        + reply.path("message").asText());
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(method + ": the connection failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(method + ": no answer in " + COMMAND_LIMIT.toSeconds() + " s"
                    + (broken == null ? "" : " (connection: " + broken + ")"));
        } finally {
            pending.remove(id);
        }
    }

    /** The events received so far with method {@code method}, oldest first. */
    List<JsonNode> events(String method) {
        return events.stream().filter(e -> method.equals(e.path("method").asText())).toList();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the browser may already be gone
        } finally {
            socket.abort();
            http.close();
        }
    }

    private void dispatch(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (IOException e) {
            broken = e;
            return;
        }
        CompletableFuture<JsonNode> answer = json.has("id") ? pending.get(json.path("id").asLong()) : null;
        if (answer != null) {
            answer.complete(json);
        } else if ("event".equals(json.path("type").asText())) {
            events.add(json);
        }
    }

    /** Joins text frames into messages; a failure fails every command still waiting. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                dispatch(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            broken = error;
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
            broken = new IOException("closed by the browser: " + status + " " + reason);
            pending.values().forEach(f -> f.completeExceptionally(broken));
            return null;
        }
    }
}
