package dev.polytrace.host.daemon;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** {@code HOST:PORT} of {@code --listen}: {@code 127.0.0.1:8527}, {@code [::1]:8527}, {@code :8527} (loopback). */
public record ListenAddress(String host, int port) {
    public static final int DEFAULT_PORT = 8527;
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", DEFAULT_PORT);

    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen " + text + ": expected HOST:PORT, e.g. 127.0.0.1:8527");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen " + text + ": the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen " + text + ": the port must be 0-65535");
        }
        return new ListenAddress(host, port);
    }

    /**
     * Checks, before anything is bound, that the host resolves and is an address of this machine,
     * so the user is told that rather than what a failed bind would suggest (a port in use).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void requireLocal() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the host " + host);
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return;
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException(address.getHostAddress() + " is not an address of this machine"
                        + (host.equals(address.getHostAddress()) ? "" : " (" + host + " resolves to it)"));
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException("cannot list this machine's addresses (" + e.getMessage() + ")");
        }
    }

    /** Whether only this machine can connect. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
