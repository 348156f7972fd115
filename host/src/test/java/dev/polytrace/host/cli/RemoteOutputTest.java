package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code polytrace remote} prints of a daemon's answers that carry escapes (an old daemon, or
 * one that is not polytrace): never a control character on the terminal.
 */
class RemoteOutputTest {
    private static final String EVIL = "\\u001b[2J\\u001b]0;owned\\u0007\\r\\n2025 INFO forged";
    private static final Map<String, String> ANSWERS = Map.of(
            "/v1/tracers", "{\"tracers\": [{\"id\": \"t-1\", \"name\": \"" + EVIL + "\", \"state\": \"running\", "
                    + "\"stats\": {}}]}",
            "/v1/tracers/t-1", "{\"id\": \"t-1\", \"name\": \"" + EVIL + "\", \"version\": \"" + EVIL + "\", "
                    + "\"state\": \"failed\", \"error\": \"" + EVIL + "\", \"handler\": {\"fileName\": \"" + EVIL
                    + "\", \"language\": \"js\"}, \"params\": [{\"name\": \"p\", \"value\": \"" + EVIL
                    + "\", \"cType\": \"int\"}], \"stats\": {}}",
            "/v1/tracers/t-2", "{\"error\": \"not_found\", \"detail\": \"" + EVIL + "\"}");

    private HttpServer server;
    private Path token;

    @BeforeEach
    void serve(@TempDir Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = ANSWERS.get(exchange.getRequestURI().getPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.contains("not_found") ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        token = dir.resolve("token");
        Files.writeString(token, "t".repeat(43));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void listShowAndErrorsEscapeWhatTheDaemonSays() {
        for (String[] command : new String[][] {{"list"}, {"show", "t-1"}, {"show", "t-2"}}) {
            CliRun run = remote(command);
            String printed = run.out() + run.err();
            assertTrue(printed.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == '\r'), printed);
            assertTrue(printed.contains("\\x1b[2J\\x1b]0;owned\\x07\\r\\n2025 INFO forged"), printed);
        }
        assertEquals(1, remote("show", "t-2").exitCode());
    }

    private CliRun remote(String... command) {
        String[] args = new String[command.length + 5];
        args[0] = "remote";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + server.getAddress().getPort();
        args[3] = "--token-file";
        args[4] = token.toString();
        System.arraycopy(command, 0, args, 5, command.length);
        return CliRun.run(args);
    }
}
