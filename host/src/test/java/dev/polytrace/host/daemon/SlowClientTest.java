package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients that would hold the daemon's connections: headers sent a byte at a time, too many sockets from one address. */
class SlowClientTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final int PER_ADDRESS = 4;
    /** One per test: connections one test leaves are still being counted down when the next begins. */
    private DaemonFixture daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = DaemonFixture.start(c -> c.withHeaderTimeout(HEADER_TIMEOUT).withConnectionsPerIp(PER_ADDRESS));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void headersTrickledAByteAtATimeAreCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            CompletableFuture<Void> closed = closedByServer(socket);
            // 1 byte every 100 ms: each one would restart an idle timeout, for 10 s if nothing else ends it.
            for (int i = 0; i < 100 && !closed.isDone(); i++) {
                try {
                    out.write('a');
                    out.flush();
                } catch (SocketException e) {
                    break; // closed under us
                }
                Thread.sleep(100);
            }
            closed.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= HEADER_TIMEOUT.toMillis() - 100, "closed after " + millis + " ms, not by the deadline");
            assertTrue(millis < 5_000, "closed after " + millis + " ms");
        }
    }

    @Test
    void oneAddressMayHoldOnlySoManyConnections() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                Socket s = connect();
                held.add(s);
                assertEquals(200, health(s), "connection " + (i + 1)); // answered: the server has counted it
            }
            try (Socket over = connect()) {
                closedByServer(over).get(10, TimeUnit.SECONDS);
            }
            for (Socket s : held) {
                assertEquals(200, health(s), "the ones held before still work");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void connectionsClosedAfterTheirRequestNoLongerCount() throws Exception {
        // As curl in a loop does: one request per connection, closed by the server after its answer.
        for (int i = 0; i < 5 * PER_ADDRESS; i++) {
            try (Socket s = connect()) {
                assertEquals(200, health(s, "close"), "connection " + (i + 1));
                closedByServer(s).get(10, TimeUnit.SECONDS);
            }
        }
        try (Socket s = connect()) {
            assertEquals(200, health(s), "a connection after the closed ones");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(daemon.base.getHost(), daemon.base.getPort());
        s.setSoTimeout(20_000);
        return s;
    }

    /** Completes when the server ends the connection (end of stream, or a reset). */
    private static CompletableFuture<Void> closedByServer(Socket socket) {
        return CompletableFuture.runAsync(() -> {
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // whatever the server says before closing (a 408, say) does not matter
                }
            } catch (SocketException e) {
                // reset: closed too
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** GET /v1/health on a kept-alive connection; its status. */
    private static int health(Socket s) throws IOException {
        return health(s, "keep-alive");
    }

    /** GET /v1/health with the {@code Connection} header given; its status. */
    private static int health(Socket s, String connection) throws IOException {
        s.getOutputStream().write(("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: " + connection + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        String status = line(in);
        int length = 0;
        for (String h; !(h = line(in)).isEmpty(); ) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
