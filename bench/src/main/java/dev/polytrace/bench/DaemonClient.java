package dev.polytrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code polytrace serve} started through the launcher, as users start it, on a free
 * loopback port with a temporary state directory, and the HTTP calls the daemon benchmarks make.
 * Closing it stops the daemon with SIGTERM (it detaches everything) and fails if it did not exit 0.
 */
final class DaemonClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process daemon;
    private final String base;
    private final String token;
    private final Path state;

    private DaemonClient(Process daemon, String base, String token, Path state) {
        this.daemon = daemon;
        this.base = base;
        this.token = token;
        this.state = state;
    }

    /** Starts the daemon and waits until it answers {@code /v1/health}. */
    static DaemonClient start(Path launcher, String... extraServeArgs) throws Exception {
        Path state = Files.createTempDirectory("polytrace-bench-daemon");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve", "--listen", "127.0.0.1:" + port,
                "--state-dir", state.toString()));
        command.addAll(List.of(extraServeArgs));
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(state.resolve("serve.log").toFile()).start();
        try {
            DaemonClient client = new DaemonClient(daemon, "http://127.0.0.1:" + port,
                    awaitToken(daemon, state.resolve("token"), state.resolve("serve.log")), state);
            client.awaitHealthy();
            return client;
        } catch (Exception e) {
            daemon.destroyForcibly();
            throw e;
        }
    }

    /** The daemon's JVM (the launcher execs it, so it is the process started). */
    long pid() {
        return daemon.pid();
    }

    /**
     * Deploys {@code pkg} with a handler of {@code language} (null: none) emitting {@code version}
     * and the event's {@code field}; returns its id.
     */
    String deploy(JsonNode pkg, String language, String version, String field) throws Exception {
        return send("POST", "/v1/tracers", request(pkg, language, version, field), 201).path("id").asText();
    }

    void delete(String id) throws Exception {
        send("DELETE", "/v1/tracers/" + id, null, 200);
    }

    static ObjectNode request(JsonNode pkg, String language, String version, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.set("package", pkg);
        if (language != null) {
            body.set("handler", handler(language, version, field));
        }
        return body;
    }

    /** A one-line handler that emits its version and the event's {@code field}. */
    static ObjectNode handler(String language, String version, String field) {
        ObjectNode handler = JSON.createObjectNode();
        handler.put("language", language);
        handler.put("source", language.equals("js")
                ? "export function onEvent(e, ctx) { ctx.emit({v: '" + version + "', " + field + ": e." + field + "}); }\n"
                : "def on_event(e, ctx):\n    ctx.emit({'v': '" + version + "', '" + field + "': e." + field + "})\n");
        return handler;
    }

    JsonNode send(String method, String path, JsonNode body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(300)); // a loaded machine
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the daemon did not answer /v1/health");
    }

    private static String awaitToken(Process daemon, Path tokenFile, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            if (Files.exists(tokenFile) && Files.size(tokenFile) > 0) {
                return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the daemon wrote no token: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What the daemon printed so far. */
    String log() throws IOException {
        return Files.readString(state.resolve("serve.log"));
    }

    /**
     * Stops the daemon (SIGTERM); false when it had to be killed or exited non-zero. Its state
     * directory goes with a clean stop; otherwise it stays, with the daemon's log, and stderr says where.
     */
    boolean stop() throws InterruptedException {
        daemon.destroy();
        boolean clean = daemon.waitFor(30, TimeUnit.SECONDS);
        if (!clean) {
            daemon.destroyForcibly();
            daemon.waitFor();
        }
        clean &= daemon.exitValue() == 0;
        if (clean) {
            deleteState();
        } else {
            System.err.println("DaemonClient: the daemon did not stop cleanly; its log: " + state.resolve("serve.log"));
        }
        return clean;
    }

    private void deleteState() {
        try (Stream<Path> paths = Files.walk(state)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            System.err.println("DaemonClient: could not remove " + state + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon.isAlive()) {
            stop();
        }
    }
}
