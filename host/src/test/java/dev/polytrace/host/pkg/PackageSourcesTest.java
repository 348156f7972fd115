package dev.polytrace.host.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages from files, stdin and HTTP, each failure as one line naming the spec. */
class PackageSourcesTest {
    private static final byte[] PACKAGE = PackageWriter.write(TestPackages.minimal(TestBpfObjects.NET_EVENTS));

    @TempDir
    Path dir;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/net.tracer.json", exchange -> {
            exchange.sendResponseHeaders(200, PACKAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PACKAGE);
            }
        });
        server.createContext("/broken.json", exchange -> {
            byte[] body = "{\"polytrace\": 1".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void file() throws Exception {
        Path file = dir.resolve("net.tracer.json");
        Files.write(file, PACKAGE);
        TracerPackage pkg = PackageSources.load(file.toString());
        assertEquals("net_events", pkg.name());
        assertEquals(file.toString(), pkg.origin());
    }

    @Test
    void stdin() {
        TracerPackage pkg = PackageSources.load("-", new ByteArrayInputStream(PACKAGE));
        assertEquals("stdin", pkg.origin());
        assertEquals("stdin: truncated JSON (line 1, column 3: Unexpected end-of-input: expected close marker for"
                + " Object)",
                assertThrows(PackageFormatException.class,
                        () -> PackageSources.load("-", new ByteArrayInputStream("{ ".getBytes()))).getMessage());
    }

    @Test
    void http() {
        TracerPackage pkg = PackageSources.load(base + "/net.tracer.json");
        assertEquals("net_events", pkg.name());
        assertEquals(base + "/net.tracer.json", pkg.origin());
    }

    @Test
    void httpErrorsAreOneLine() {
        assertEquals(base + "/missing.json: HTTP 404", assertThrows(PackageSourceException.class,
                () -> PackageSources.load(base + "/missing.json")).getMessage());
        assertEquals(base + "/broken.json: truncated JSON", assertThrows(PackageFormatException.class,
                () -> PackageSources.load(base + "/broken.json")).getMessage().replaceAll(" \\(.*", ""));
    }

    @Test
    void unreachableServer() throws Exception {
        try (Socket bound = new Socket()) { // holds a port that nothing listens on, so a connect is refused
            bound.bind(new InetSocketAddress("127.0.0.1", 0));
            String url = "http://127.0.0.1:" + bound.getLocalPort() + "/x.json";
            String m = assertThrows(PackageSourceException.class, () -> PackageSources.load(url)).getMessage();
            assertEquals(url + ": cannot fetch (ConnectException)", m);
        }
    }

    @Test
    void missingFileAndDirectory() {
        assertEquals("no/such.tracer.json: no such file", assertThrows(PackageSourceException.class,
                () -> PackageSources.load("no/such.tracer.json")).getMessage());
        assertEquals(dir + ": is a directory, not a package", assertThrows(PackageSourceException.class,
                () -> PackageSources.load(dir.toString())).getMessage());
    }

    @Test
    void staticBrokenFixtures() throws Exception {
        Path future = dir.resolve("future.tracer.json");
        Files.write(future, TestBpfObjects.resource("/packages/polytrace-future.tracer.json"));
        assertEquals(future + ": $.polytrace: version 7 is not supported (this polytrace reads 1)",
                assertThrows(PackageFormatException.class, () -> PackageSources.load(future.toString())).getMessage());
        Path truncated = dir.resolve("truncated.tracer.json");
        Files.write(truncated, TestBpfObjects.resource("/packages/truncated.tracer.json"));
        String m = assertThrows(PackageFormatException.class, () -> PackageSources.load(truncated.toString()))
                .getMessage();
        assertEquals(truncated + ": truncated JSON (line 7, column 1: Unexpected end-of-input within/between"
                + " Object entries)", m);
    }
}
