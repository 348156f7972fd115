package dev.polytrace.host.daemon.http;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The daemon's HTTP connector. It accepts through its selector (no acceptor threads), so that
 * accepting can pause with the socket left open: connections that come meanwhile wait in the
 * kernel's queue. It counts the requests under way and those begun (scrapes and health checks
 * aside), and it can listen on a socket a renewed daemon inherited instead of binding one.
 */
public final class DaemonConnector extends ServerConnector {
    private final ServerSocketChannel inherited;
    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicLong begun = new AtomicLong();

    DaemonConnector(Server server, ServerSocketChannel inherited, ConnectionFactory... factories) {
        super(server, 0, -1, factories);
        this.inherited = inherited;
        addBean(new HttpChannel.Listener() {
            @Override
            public void onRequestBegin(Request request) {
                underWay.incrementAndGet();
                if (!isMonitoring(request)) {
                    begun.incrementAndGet();
                }
            }

            @Override
            public void onComplete(Request request) {
                underWay.decrementAndGet();
            }
        });
    }

    @Override
    protected ServerSocketChannel openAcceptChannel() throws IOException {
        return inherited != null ? inherited : super.openAcceptChannel();
    }

    /** The listening socket (open once the server started). */
    public ServerSocketChannel listeningChannel() {
        return (ServerSocketChannel) getTransport();
    }

    /**
     * A scrape or a health check: it keeps no one waiting on the daemon, so it does not count as
     * use (a daemon scraped every 15 s would otherwise never be idle).
     */
    static boolean isMonitoring(Request request) {
        String path = request.getRequestURI();
        return "GET".equals(request.getMethod()) && ("/metrics".equals(path) || BearerAuth.HEALTH.equals(path));
    }

    /** Requests begun since the start, scrapes and health checks left out; a change tells of use. */
    public long requestsBegun() {
        return begun.get();
    }

    /**
     * No request under way, and no connection that carried a byte for {@code quiet}: closing the
     * connections now loses nothing a client sent.
     */
    public boolean isQuiet(Duration quiet) {
        return underWay.get() == 0
                && getConnectedEndPoints().stream()
                        .allMatch(e -> e instanceof IdleTimeout t && t.getIdleFor() >= quiet.toMillis());
    }
}
