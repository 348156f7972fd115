package dev.polytrace.bundled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening TCP socket on a loopback address, and connections to it. The sockets are opened
 * with an explicit family: Java's default sockets are IPv6 even for IPv4 peers, which the kernel
 * then reports as IPv4-mapped IPv6 addresses (::ffff:127.0.0.1).
 */
final class Loopback implements AutoCloseable {
    private final ProtocolFamily family;
    private final InetSocketAddress address;
    private final ServerSocketChannel server;

    private Loopback(ProtocolFamily family, String address) throws IOException {
        this.family = family;
        this.server = ServerSocketChannel.open(family);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        this.address = (InetSocketAddress) server.getLocalAddress();
    }

    static Loopback ipv4() throws IOException {
        return new Loopback(StandardProtocolFamily.INET, "127.0.0.1");
    }

    /** The tests need IPv6 on the loopback interface; a machine without it fails here, saying so. */
    static Loopback ipv6() throws IOException {
        try {
            return new Loopback(StandardProtocolFamily.INET6, "::1");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("no IPv6 on the loopback interface (cannot listen on [::1]: " + e
                    + "); the tests need it: see sysctl net.ipv6.conf.lo.disable_ipv6 and net.ipv6.conf.all.disable_ipv6"
                    + " (0 enables it), and the ipv6.disable kernel parameter", e);
        }
    }

    int port() {
        return address.getPort();
    }

    /**
     * Connects, holds the connection open for {@code holdMillis}, closes the client end first (an
     * active close: ESTABLISHED -> FIN_WAIT1) and then the server end; returns the client's port.
     */
    int connectAndClose(long holdMillis) {
        try (SocketChannel client = SocketChannel.open(family)) {
            client.connect(address);
            try (SocketChannel accepted = server.accept()) {
                Thread.sleep(holdMillis); // the time in ESTABLISHED that tcpstates reports
                int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
                client.close();
                return port;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
