package dev.polytrace.bundled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
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

    static Loopback ipv6() throws IOException {
        return new Loopback(StandardProtocolFamily.INET6, "::1");
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
                Thread.sleep(holdMillis);
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

    /** Sends {@code count} UDP datagrams to a port on {@code address} (nobody needs to listen). */
    static void sendDatagrams(String address, int count) {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] payload = "polytrace".getBytes();
            InetAddress to = InetAddress.getByName(address);
            for (int i = 0; i < count; i++) {
                socket.send(new DatagramPacket(payload, payload.length, to, 9));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
