package dev.polytrace.host.daemon.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients that hold the server's connections without using them. Jetty's idle timeout restarts at
 * every byte, so a client sending its headers a byte at a time is never cut off by it: here a
 * connection whose request headers are not complete within {@code headerTimeout} of its opening,
 * or of its previous request ending (after the idle timeout, which ends honest idle connections
 * first), is closed. And one address may hold at most {@code perAddress} connections; more are
 * closed as they open. Added to the connector as a bean, it hears of every connection and request.
 */
final class ConnectionGuard implements Connection.Listener, HttpChannel.Listener {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon.http");

    private final long headerMillis;
    private final long keepAliveMillis;
    private final int perAddress;
    private final Scheduler scheduler;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    // Each connection's address as it opened: a closed endpoint no longer knows its remote address,
    // and a count not taken back when the connection closes would lock the address out for good.
    private final Map<Connection, InetAddress> addresses = new ConcurrentHashMap<>();
    private final Map<Connection, Scheduler.Task> deadlines = new ConcurrentHashMap<>();

    ConnectionGuard(Duration headerTimeout, Duration idleTimeout, int perAddress, Scheduler scheduler) {
        this.headerMillis = headerTimeout.toMillis();
        this.keepAliveMillis = idleTimeout.toMillis() + headerMillis;
        this.perAddress = perAddress;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = ((InetSocketAddress) connection.getEndPoint().getRemoteSocketAddress()).getAddress();
        addresses.put(connection, address);
        int count = open.merge(address, 1, Integer::sum);
        if (count > perAddress) {
            LOG.warn("{} has {} connections open, more than {}: closing the newest", address.getHostAddress(), count,
                    perAddress);
            connection.getEndPoint().close();
            return;
        }
        expectHeaders(connection, headerMillis);
    }

    @Override
    public void onClosed(Connection connection) {
        cancel(connection);
        InetAddress address = addresses.remove(connection);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    @Override
    public void onRequestBegin(Request request) { // the headers are in
        cancel(request.getHttpChannel().getConnection());
    }

    @Override
    public void onComplete(Request request) { // the next request on this connection has its own deadline
        Connection connection = request.getHttpChannel().getConnection();
        if (connection.getEndPoint().isOpen()) {
            expectHeaders(connection, keepAliveMillis);
        }
    }

    private void expectHeaders(Connection connection, long millis) {
        Scheduler.Task task = scheduler.schedule(() -> {
            if (deadlines.remove(connection) != null) {
                InetAddress address = addresses.get(connection);
                LOG.info("{}: no complete request headers within {} ms; closing the connection",
                        address == null ? "?" : address.getHostAddress(), millis);
                connection.getEndPoint().close();
            }
        }, millis, TimeUnit.MILLISECONDS);
        Scheduler.Task before = deadlines.put(connection, task);
        if (before != null) {
            before.cancel();
        }
    }

    private void cancel(Connection connection) {
        Scheduler.Task task = deadlines.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }
}
