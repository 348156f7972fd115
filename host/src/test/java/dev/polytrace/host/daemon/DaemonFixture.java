package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A real daemon on a free loopback port, with its own token and (optionally) state directory. */
final class DaemonFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Daemon daemon;
    final String token;
    final URI base;
    final Client client;
    final HttpClient http;

    private DaemonFixture(Path dir, Daemon daemon) throws IOException {
        this.dir = dir;
        this.daemon = daemon;
        this.token = ApiToken.read(daemon.token().file());
        this.base = daemon.url();
        this.client = new Client(base, token);
        this.http = client.http;
    }

    static DaemonFixture start() throws IOException {
        return start(c -> c);
    }

    static DaemonFixture start(UnaryOperator<DaemonConfig> tweak) throws IOException {
        Path dir = Files.createTempDirectory("polytrace-daemon-test-");
        return start(dir, tweak);
    }

    /** A daemon that builds clients' sources with {@code builds}. */
    static DaemonFixture startBuilding(BuildService builds) throws IOException {
        Path dir = Files.createTempDirectory("polytrace-daemon-test-");
        DaemonConfig config = DaemonConfig.of(new ListenAddress("127.0.0.1", 0), dir.resolve("token"));
        return new DaemonFixture(dir, Daemon.start(config, builds));
    }

    /** A daemon whose token and state live in {@code dir} (so a second one can take over). */
    static DaemonFixture start(Path dir, UnaryOperator<DaemonConfig> tweak) throws IOException {
        DaemonConfig config = tweak.apply(DaemonConfig.of(new ListenAddress("127.0.0.1", 0), dir.resolve("token")));
        return new DaemonFixture(dir, Daemon.start(config));
    }

    record Response(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    Response get(String path) {
        return client.get(path);
    }

    Response get(String path, Map<String, String> headers) {
        return client.send("GET", path, null, "Bearer " + token, headers);
    }

    Response post(String path, byte[] body) {
        return client.post(path, body);
    }

    Response post(String path, String body) {
        return client.post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Response put(String path, byte[] body) {
        return client.send("PUT", path, body);
    }

    Response patch(String path, String body) {
        return client.send("PATCH", path, body.getBytes(StandardCharsets.UTF_8));
    }

    Response delete(String path) {
        return client.send("DELETE", path, null);
    }

    Response send(String method, String path, byte[] body) {
        return client.send(method, path, body);
    }

    Response send(String method, String path, byte[] body, String authorization) {
        return client.send(method, path, body, authorization);
    }

    /** Requests to a daemon at {@code base} with {@code token}. */
    static final class Client {
        final URI base;
        final String token;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Client(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        Response get(String path) {
            return send("GET", path, null);
        }

        Response post(String path, byte[] body) {
            return send("POST", path, body);
        }

        Response send(String method, String path, byte[] body) {
            return send(method, path, body, "Bearer " + token);
        }

        Response send(String method, String path, byte[] body, String authorization) {
            return send(method, path, body, authorization, Map.of());
        }

        Response send(String method, String path, byte[] body, String authorization, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(r.statusCode(), r.body(), r.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Deploys and checks for 201; returns the tracer's id. */
    String deploy(byte[] request) {
        Response r = post("/v1/tracers", request);
        if (r.status() != 201) {
            throw new AssertionError("deploy failed: " + r);
        }
        return r.json().path("id").asText();
    }

    int tracerCount() {
        return get("/v1/tracers").json().path("tracers").size();
    }

    /** Stops the daemon but keeps its directory (for a restart over the same state). */
    void stop() {
        daemon.close();
    }

    @Override
    public void close() {
        daemon.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
