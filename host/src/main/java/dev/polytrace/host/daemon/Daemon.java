package dev.polytrace.host.daemon;

import dev.polytrace.host.build.Toolchain;
import dev.polytrace.host.daemon.console.ConsoleSessions;
import dev.polytrace.host.daemon.http.DaemonApp;
import dev.polytrace.host.daemon.http.DaemonConnector;
import dev.polytrace.host.daemon.renewal.Inheritance;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running daemon: token, registry (restored from the state directory) and HTTP server. Start
 * with {@link #start}; {@link #close} detaches every tracer, then stops the server. The state
 * directory keeps the tracers for the next start.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");

    private final DaemonConfig config;
    private final ApiToken token;
    private final TracerRegistry registry;
    private final Javalin app;
    private final ShareLinks links;
    private final ConsoleSessions sessions;
    private boolean closed;

    private Daemon(DaemonConfig config, ApiToken token, TracerRegistry registry, Javalin app, ShareLinks links,
                   ConsoleSessions sessions) {
        this.config = config;
        this.token = token;
        this.registry = registry;
        this.app = app;
        this.links = links;
        this.sessions = sessions;
    }

    /**
     * Checks the state directory, keys directory and token file (refusing any another user could
     * change), restores the kept tracers and starts listening.
     */
    public static Daemon start(DaemonConfig config) throws IOException {
        return start(config, new BuildService(BuildLimits.DEFAULTS, Toolchain.system()));
    }

    /** As {@link #start(DaemonConfig)}, building clients' sources ({@code POST /v1/build}) with {@code builds}. */
    public static Daemon start(DaemonConfig config, BuildService builds) throws IOException {
        return start(config, builds, Optional.empty());
    }

    /**
     * As {@link #start(DaemonConfig, BuildService)}; a renewed daemon listens on the socket it
     * inherited and takes over the share key and console sessions handed over.
     */
    public static Daemon start(DaemonConfig config, BuildService builds, Optional<Inheritance> inherited)
            throws IOException {
        config.listen().requireLocal();
        TracerRegistry registry = TracerRegistry.create(config);
        ApiToken token;
        Javalin app;
        ShareLinks links = inherited.map(i -> new ShareLinks(i.handover().shareKey())).orElseGet(ShareLinks::new);
        ConsoleSessions sessions = new ConsoleSessions();
        inherited.ifPresent(i -> sessions.restore(i.handover().sessions()));
        try {
            token = ApiToken.loadOrCreate(config.tokenFile());
            app = DaemonApp.create(registry, token, config, builds, links, sessions,
                    inherited.flatMap(Inheritance::http).orElse(null));
        } catch (RuntimeException | IOException e) {
            registry.close();
            throw e;
        }
        try {
            registry.restore();
            app.start();
        } catch (RuntimeException | IOException e) {
            registry.close();
            app.stop();
            Optional<IllegalArgumentException> bind = bindFailure(e);
            if (bind.isPresent()) {
                throw bind.get();
            }
            throw e;
        }
        Daemon daemon = new Daemon(config, token, registry, app, links, sessions);
        LOG.info("listening on {} ({} tracers restored)", daemon.url(), registry.list().size());
        return daemon;
    }

    /** Javalin calls every failure to bind "Port already in use"; the kernel's reason says more. */
    private static Optional<IllegalArgumentException> bindFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                String reason = bind.getMessage() == null ? "cannot bind" : bind.getMessage();
                return Optional.of(new IllegalArgumentException(reason.contains("in use")
                        ? "the port is in use by another process" : reason, e));
            }
        }
        return Optional.empty();
    }

    public int port() {
        return app.port();
    }

    public URI url() {
        String host = config.listen().host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    public ApiToken token() {
        return token;
    }

    public TracerRegistry tracers() {
        return registry;
    }

    public DaemonConfig config() {
        return config;
    }

    /** The HTTP connector: its listening socket, and whether requests are under way. */
    public DaemonConnector connector() {
        return (DaemonConnector) app.jettyServer().server().getConnectors()[0];
    }

    public ShareLinks shareLinks() {
        return links;
    }

    public ConsoleSessions consoleSessions() {
        return sessions;
    }

    /** SIGHUP: reads the trusted keys again; when that fails the keys read before stay in force. */
    public void reloadTrustedKeys() {
        try {
            registry.reloadTrustedKeys().ifPresentOrElse(
                    n -> LOG.info("reloaded the trusted keys: {} in {}", n, config.trustedKeys().orElseThrow()),
                    () -> LOG.info("no --require-signature: no keys to reload"));
        } catch (IOException e) {
            LOG.error("cannot reload the trusted keys, the ones read before stay in force: {}", e.getMessage());
        }
    }

    /** Detaches every tracer (open event streams end), then stops the server. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.close();
        } finally {
            app.stop();
        }
        LOG.info("stopped");
    }
}
