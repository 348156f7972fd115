package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.UrlFetch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code {"url": ...}} deploys: the daemon fetches for its client, so the URL could lead it to a
 * service only it can reach. Fetches end at a deadline and a size cap, follow redirects only to
 * https on the same host, and what a server sends is never quoted back. Nothing here is deployed.
 */
class UrlDeployTest {
    private static final String SECRET = "SECRET-8d1f";
    private static HttpServer server;
    private static String base;
    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/trickle", UrlDeployTest::trickle);
        server.createContext("/text", ex -> answer(ex, 200, SECRET + " is the admin password"));
        server.createContext("/json", ex -> answer(ex, 200, "{\"" + SECRET + "\": {\"polytrace\": 1}}"));
        server.createContext("/package-like", ex -> answer(ex, 200, "{\"polytrace\": 1, \"name\": \"x\", \""
                + SECRET + "\": 1}"));
        server.createContext("/big", ex -> answer(ex, 200, "x".repeat(5000)));
        server.createContext("/other-host", ex -> redirect(ex, "http://localhost:" + server.getAddress().getPort()
                + "/text"));
        server.createContext("/same-host-http", ex -> redirect(ex, base + "/text"));
        server.createContext("/missing", ex -> answer(ex, 404, SECRET));
        server.start();
        daemon = DaemonFixture.start(c -> c.withUrlFetch(new UrlFetch(Duration.ofSeconds(1), 4096, false)));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aBodyTrickledForeverEndsAtTheDeadline() {
        long start = System.nanoTime();
        Response r = deploy("/trickle");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertError(r, "package_source");
        assertTrue(r.json().path("detail").asText().contains("not fetched within 1.0 s"), r.toString());
        assertTrue(millis < 5_000, "answered after " + millis + " ms");
    }

    @Test
    void whatTheServerSentIsNeverQuoted() {
        for (String path : new String[] {"/text", "/json", "/package-like", "/missing"}) {
            Response r = deploy(path);
            assertEquals(400, r.status(), path + ": " + r);
            assertFalse(r.body().contains(SECRET), path + ": " + r);
        }
        assertTrue(deploy("/text").json().path("detail").asText().endsWith("the response is not JSON (fetch it and "
                + "run polytrace inspect on it to see why)"));
        assertEquals(base + "/missing: HTTP 404", deploy("/missing").json().path("detail").asText());
    }

    @Test
    void moreThanTheCapIsRefused() {
        Response r = deploy("/big");
        assertError(r, "package_source");
        assertTrue(r.json().path("detail").asText().contains("larger than 4096 bytes"), r.toString());
    }

    @Test
    void redirectsGoOnlyToHttpsOnTheSameHost() {
        Response other = deploy("/other-host");
        assertError(other, "package_source");
        assertTrue(other.json().path("detail").asText().contains("redirected to another host, which is not followed"),
                other.toString());
        Response http = deploy("/same-host-http");
        assertTrue(http.json().path("detail").asText().contains("redirected to http on the same host"),
                http.toString());
    }

    @Test
    void anyRedirectIsFollowedWhenAllowed() throws IOException {
        try (DaemonFixture open = DaemonFixture.start(c -> c.withUrlFetch(new UrlFetch(Duration.ofSeconds(5), 4096,
                true)))) {
            Response r = open.post("/v1/tracers", "{\"url\": \"" + base + "/other-host\"}");
            assertError(r, "bad_package"); // followed to /text, which is not a package
            assertFalse(r.body().contains(SECRET), r.toString());
        }
    }

    private static Response deploy(String path) {
        return daemon.post("/v1/tracers", "{\"url\": \"" + base + path + "\"}");
    }

    private static void assertError(Response r, String error) {
        assertEquals(400, r.status(), r.toString());
        assertEquals(error, r.json().path("error").asText(), r.toString());
    }

    /** Headers at once, then a byte of body every 200 ms for 30 s: within any per-read timeout, forever. */
    private static void trickle(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 150; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            // the client went
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
