package dev.polytrace.host.daemon.renewal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.daemon.console.ConsoleSessions;
import dev.polytrace.host.system.ProcessImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over a renewed daemon finds, with real descriptors: listening sockets duplicated as an
 * exec would pass them, and the state in a pipe (surefire opens the JDK's channel class to these
 * tests as the launcher does for serve).
 */
class InheritanceTest {
    @Test
    void theListeningSocketsAndTheStateComeThroughTheirDescriptors(@TempDir Path dir) throws Exception {
        Path socketPath = dir.resolve("p.sock");
        try (ServerSocketChannel http = ServerSocketChannel.open();
             ServerSocketChannel local = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            http.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            local.bind(UnixDomainSocketAddress.of(socketPath));
            ConsoleSessions.Session session = new ConsoleSessions.Session("id1", "csrf1",
                    Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS));
            byte[] key = new byte[32];
            key[5] = 42;
            Handover handover = Handover.of(3, key, List.of(session), 400_000);
            Map<String, Integer> fds = new LinkedHashMap<>();
            fds.put("http", ProcessImage.dup(ListeningSockets.descriptorOf(http)));
            fds.put("local", ProcessImage.dup(ListeningSockets.descriptorOf(local)));
            fds.put("state", ProcessImage.pipeHolding(handover.toBytes()));

            Inheritance inherited = Inheritance.parse(Inheritance.format(fds));
            try (ServerSocketChannel httpCopy = inherited.http().orElseThrow();
                 ServerSocketChannel localCopy = inherited.local().orElseThrow()) {
                assertEquals(http.getLocalAddress(), httpCopy.getLocalAddress());
                assertEquals(UnixDomainSocketAddress.of(socketPath), localCopy.getLocalAddress());
                try (SocketChannel client = SocketChannel.open(http.getLocalAddress());
                     SocketChannel accepted = httpCopy.accept()) {
                    assertNotNull(accepted, "a connection to the port reaches the inherited socket");
                }
                try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socketPath));
                     SocketChannel accepted = localCopy.accept()) {
                    assertNotNull(accepted);
                }
            }
            assertEquals(3, inherited.handover().generation());
            assertArrayEquals(key, inherited.handover().shareKey());
            assertEquals(List.of(session), inherited.handover().sessions());
            assertEquals(400_000, inherited.handover().residentKbBefore());
            assertTrue(Files.notExists(Path.of("/proc/self/fd/" + fds.get("state"))) || !Files.readSymbolicLink(
                    Path.of("/proc/self/fd/" + fds.get("state"))).toString().startsWith("pipe:"),
                    "the state's pipe is closed once read");
        }
    }

    @Test
    void aDescriptorThatIsNotAListeningSocketIsRefusedAndClosed() throws Exception {
        int pipe = ProcessImage.pipeHolding("{}".getBytes());
        int state = ProcessImage.pipeHolding(Handover.of(1, new byte[32], List.of(), 0).toBytes());
        IOException e = assertThrows(IOException.class,
                () -> Inheritance.parse("http=" + pipe + " state=" + state));
        assertTrue(e.getMessage().contains("descriptor " + pipe + " is not a socket"), e.getMessage());
        assertTrue(Files.notExists(Path.of("/proc/self/fd/" + pipe)), "closed: a port it held would stay taken");
    }

    @Test
    void aMalformedVariableSaysWhichItemIsWrong() {
        IOException e = assertThrows(IOException.class, () -> Inheritance.descriptors("http=5 local"));
        assertEquals("POLYTRACE_RENEWAL: \"local\" is not NAME=DESCRIPTOR", e.getMessage());
        IOException noState = assertThrows(IOException.class, () -> Inheritance.parse("http=5"));
        assertEquals("POLYTRACE_RENEWAL names no state descriptor: http=5", noState.getMessage());
    }
}
