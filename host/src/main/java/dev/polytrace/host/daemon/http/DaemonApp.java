package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.BuildService;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.ShareLinks;
import dev.polytrace.host.daemon.TracerRegistry;
import dev.polytrace.host.daemon.console.ConsoleSessions;
import io.javalin.Javalin;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Builds the daemon's HTTP application; the caller starts it ({@code app.start()}, on the address
 * of the config) and stops it. Jetty is configured here: header and body limits, a header deadline
 * and a connection cap per address, a bounded thread pool, JSON error pages, no compression (SSE
 * must reach the client as written), no server banner.
 */
public final class DaemonApp {
    private static final int MAX_THREADS = 200;
    /** Longer than the SSE heartbeat, so a quiet stream is never taken for an idle connection. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private DaemonApp() {
    }

    /**
     * The daemon's builds, share links and console sessions are created by the caller, which owns
     * them; {@code inherited} is the listening socket of the daemon this one renews, or null.
     */
    public static Javalin create(TracerRegistry registry, ApiToken token, DaemonConfig config, BuildService builds,
                                 ShareLinks links, ConsoleSessions sessions, ServerSocketChannel inherited) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.disableCompression();
            QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
            pool.setName("daemon-http");
            pool.setDaemon(true);
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(config.maxHeaderBytes());
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.jetty.addConnector((server, http) -> connector(server, http, config, inherited));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorPages()));
        });
        ConsoleAssets console = ConsoleAssets.load();
        ConsoleAuth consoleAuth = new ConsoleAuth(token, sessions);
        console.register(app); // its security headers go on every answer, refusals included
        new BearerAuth(token, links, consoleAuth, console).register(app);
        consoleAuth.register(app);
        ErrorMapping.register(app);
        new ServiceController(registry).register(app);
        new TracerController(registry, config).register(app);
        new EventController(registry, config.maxStreams(), config.sseHeartbeat()).register(app);
        new EunomiaController(registry, config).register(app);
        new PackageController(registry, links).register(app);
        new BuildController(builds, config.maxBodyBytes()).register(app);
        new PackageInfoController(registry, config).register(app);
        return app;
    }

    /** Where the daemon listens, with the {@link ConnectionGuard} against slow and greedy clients. */
    private static ServerConnector connector(Server server, HttpConfiguration http, DaemonConfig config,
                                             ServerSocketChannel inherited) {
        ServerConnector connector = new DaemonConnector(server, inherited, new HttpConnectionFactory(http));
        connector.setHost(config.listen().host());
        connector.setPort(config.listen().port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        Scheduler deadlines = new ScheduledExecutorScheduler("daemon-header-deadlines", true);
        connector.addBean(deadlines); // started and stopped with the connector
        connector.addBean(new ConnectionGuard(config.headerTimeout(), IDLE_TIMEOUT, config.connectionsPerIp(),
                deadlines));
        return connector;
    }
}
