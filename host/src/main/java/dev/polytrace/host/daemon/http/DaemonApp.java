package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.TracerRegistry;
import io.javalin.Javalin;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the daemon's HTTP application; the caller starts it ({@code app.start(host, port)}) and
 * stops it. Jetty is configured here: header and body limits, a bounded thread pool, JSON error
 * pages, no compression (SSE must reach the client as written), no server banner.
 */
public final class DaemonApp {
    private static final int MAX_THREADS = 200;

    private DaemonApp() {
    }

    public static Javalin create(TracerRegistry registry, ApiToken token, DaemonConfig config) {
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
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorPages()));
        });
        new BearerAuth(token).register(app);
        ErrorMapping.register(app);
        new ServiceController(registry).register(app);
        new TracerController(registry, config).register(app);
        new EventController(registry, config.maxStreams(), config.sseHeartbeat()).register(app);
        new EunomiaController(registry, config).register(app);
        return app;
    }
}
