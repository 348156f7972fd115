package dev.polytrace.host.cli;

import dev.polytrace.host.input.DurationParser;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.build.Toolchain;
import dev.polytrace.host.container.ExitedProcesses;
import dev.polytrace.host.daemon.BuildLimits;
import dev.polytrace.host.daemon.BuildService;
import dev.polytrace.host.daemon.Daemon;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.ListenAddress;
import dev.polytrace.host.daemon.local.LocalService;
import dev.polytrace.host.daemon.renewal.Inheritance;
import dev.polytrace.host.daemon.renewal.Renewal;
import dev.polytrace.host.pkg.UrlFetch;
import dev.polytrace.host.script.SandboxFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** The daemon: an HTTP API to deploy, inspect, hot-swap and stop tracers, until SIGTERM or Ctrl-C. */
@Command(name = "serve", description = {"Run the daemon: deploy, list, hot-swap and stop tracers over HTTP, "
        + "stream their events (SSE) and export Prometheus metrics at /metrics.",
        "Every route but /v1/health needs Authorization: Bearer TOKEN; the token is generated on first start "
                + "into a 0600 file. The API is described at /v1/openapi.json. SIGTERM detaches every tracer."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8527",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer token file; created with a fresh token if missing "
                    + "(default: STATE_DIR/token, or ~/.config/polytrace/token).")
    Path tokenFile;

    @Option(names = "--max-tracers", paramLabel = "N", defaultValue = "64",
            description = "Tracers that may run at once (default: ${DEFAULT-VALUE}).")
    int maxTracers;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep deployed tracers (package, params, handler) here and restore them on restart.")
    Path stateDir;

    @Option(names = "--require-signature", paramLabel = "KEYS_DIR",
            description = "Only run packages signed (polytrace sign) by a key whose NAME.pub is in KEYS_DIR "
                    + "(read at start and on SIGHUP).")
    Path keysDir;

    @Option(names = "--event-buffer", paramLabel = "N", defaultValue = "4096",
            description = "Records kept per tracer for polling and SSE resume, 1-1048576 (default: ${DEFAULT-VALUE}).")
    int eventBuffer;

    @Option(names = "--connections-per-ip", paramLabel = "N", defaultValue = "128",
            description = "Connections one address may hold open; behind a proxy, all of its clients together "
                    + "(default: ${DEFAULT-VALUE}).")
    int connectionsPerIp;

    @Option(names = "--allow-url-redirects",
            description = "Follow any redirect when fetching a package deployed by \"url\" (default: only to https "
                    + "on the same host).")
    boolean anyUrlRedirect;

    @Option(names = "--build-timeout", converter = DurationParser.class, paramLabel = "DURATION",
            description = "POST /v1/build: kill clang after this long (default: 60s).")
    Duration buildTimeout;

    @Option(names = "--max-builds", paramLabel = "N", description = "POST /v1/build: builds at once; more are refused "
            + "as busy (default: 2).")
    Integer maxBuilds;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Unix socket through which run and inspect on this machine hand their work to this service "
                    + "(default: " + DEFAULT_SOCKET + "; only root and this service's user may connect).")
    Path socket;

    @Option(names = "--no-socket", description = "Do not listen on a local socket.")
    boolean noSocket;

    static final String DEFAULT_SOCKET = "/run/polytrace/polytrace.sock";

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "POST every alert of every tracer deployed "
            + "with rules to URL as JSON (repeatable; retried with backoff, dropped and counted when its queue is full).")
    List<URI> alertWebhooks = new ArrayList<>();

    @Option(names = "--renew-after", converter = DurationParser.class, paramLabel = "DURATION",
            description = "Once a JS or Python handler has run, start afresh in place (same PID, sockets, state, "
                    + "share links and console sessions) after DURATION with no tracer, local client or request, "
                    + "to give back the ~100 MB the languages keep (default: 10m).")
    Duration renewAfter;

    @Option(names = "--no-renewal", description = "Never start afresh in place: the next handler after an idle spell "
            + "starts without paying its language's start again, and the languages' memory stays.")
    boolean noRenewal;

    // Long enough that runs of an interactive session through the local socket stay warm: the first
    // Python handler after a renewal starts in ~6 s here, against ~0.3 s warm and ~3 s standalone.
    static final Duration DEFAULT_RENEW_AFTER = Duration.ofMinutes(10);

    @Override
    public Integer call() throws IOException {
        quietServerLogs();
        DaemonConfig config = config();
        if (noSocket && socket != null) {
            throw new UserError("serve: --socket and --no-socket do not go together");
        }
        if (noRenewal && renewAfter != null) {
            throw new UserError("serve: --renew-after and --no-renewal do not go together");
        }
        if (renewAfter != null && (renewAfter.isZero() || renewAfter.isNegative())) {
            throw new UserError("serve: --renew-after must be positive, not " + renewAfter.toSeconds()
                    + "s (--no-renewal turns renewal off)");
        }
        Optional<Inheritance> inherited = inheritance();
        // Deploys (and local runs) then find their language started in a context of their own.
        SandboxFactory.shared().keepSpareContexts();
        Daemon daemon;
        try {
            daemon = Daemon.start(config, new BuildService(buildLimits(), Toolchain.system()), inherited);
        } catch (RuntimeException e) {
            throw new UserError("serve: cannot start on " + config.listen() + ": " + OneLineErrors.message(e), e);
        }
        LocalService local;
        try {
            local = noSocket ? null : listenLocally(daemon, inherited.flatMap(Inheritance::local));
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        Renewal renewal = renewal(daemon, local, inherited);
        // The recorder of exited processes' cgroups stays for the daemon's life: loaded and detached
        // with each deploy and delete, its detach's RCU wait held up the next deploy's attach.
        CompletableFuture<ExitedProcesses.Hold> exitRecords = CompletableFuture.supplyAsync(ExitedProcesses::hold,
                task -> Thread.ofPlatform().daemon().name("polytrace-exits").start(task));
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.route(stop);
        reloadKeysOnHangup(daemon);
        Runnable shutdown = () -> {
            if (renewal != null) {
                renewal.close();
            }
            if (local != null) {
                local.close(); // its clients' runs end as Ctrl-C ends them, before the daemon goes
            }
            daemon.close();
            exitRecords.join().close();
        };
        try (ShutdownCleanup cleanup = ShutdownCleanup.install("polytrace-daemon-shutdown", shutdown)) {
            if (inherited.isEmpty()) {
                announce(daemon, local);
            }
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The sockets and state of the daemon this process renews, when it is a renewal; a hand-over
     * that fails is logged and the daemon starts as a user's start would.
     */
    private static Optional<Inheritance> inheritance() {
        try {
            return Inheritance.ofThisProcess();
        } catch (IOException | RuntimeException e) {
            log().error("renewal: cannot take over the daemon's sockets and state, starting anew: {}",
                    OneLineErrors.message(e));
            return Optional.empty();
        }
    }

    /** Watches for idle spells to renew in, unless turned off or impossible in this JVM (logged). */
    private Renewal renewal(Daemon daemon, LocalService local, Optional<Inheritance> inherited) {
        inherited.ifPresent(i -> log().info("renewed in place (renewal {}) in {} ms: {} MB resident, {} MB before",
                i.handover().generation(), System.currentTimeMillis() - i.handover().renewedAtMillis(),
                Renewal.residentKb() / 1024, i.handover().residentKbBefore() / 1024));
        if (noRenewal) {
            return null;
        }
        Optional<String> unavailable = Renewal.unavailability();
        if (unavailable.isPresent()) {
            log().info("no renewal in place: {}", unavailable.get());
            return null;
        }
        return Renewal.watch(renewAfter != null ? renewAfter : DEFAULT_RENEW_AFTER, daemon, local,
                inherited.map(i -> i.handover().generation()).orElse(0));
    }

    private DaemonConfig config() {
        ListenAddress address;
        try {
            address = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Path token = tokenFile != null ? tokenFile : DaemonConfig.defaultTokenFile(stateDir);
        try {
            DaemonConfig defaults = DaemonConfig.of(address, token);
            UrlFetch fetch = defaults.urlFetch();
            return defaults.withMaxTracers(maxTracers).withStateDir(stateDir).withTrustedKeys(keysDir)
                    .withEventBuffer(eventBuffer).withConnectionsPerIp(connectionsPerIp)
                    .withUrlFetch(new UrlFetch(fetch.deadline(), fetch.maxBytes(), anyUrlRedirect))
                    .withAlertWebhooks(alertWebhooks);
        } catch (IllegalArgumentException e) {
            throw new UserError("serve: " + e.getMessage());
        }
    }

    private BuildLimits buildLimits() {
        BuildLimits d = BuildLimits.DEFAULTS;
        try {
            return new BuildLimits(d.maxSourceBytes(), buildTimeout != null ? buildTimeout : d.timeLimit(),
                    maxBuilds != null ? maxBuilds : d.maxConcurrent());
        } catch (IllegalArgumentException e) {
            throw new UserError("serve: --build-timeout and --max-builds must be positive");
        }
    }

    /**
     * The local socket; when the default one cannot be had (not root, another service has it) the
     * daemon goes on over HTTP only, with a warning; a --socket the user chose must work.
     */
    private LocalService listenLocally(Daemon daemon, Optional<ServerSocketChannel> inherited) {
        Path path = socket != null ? socket : Path.of(DEFAULT_SOCKET);
        if (inherited.isPresent()) {
            try {
                return LocalService.adopt(path, inherited.get(), new ServedCommands(),
                        daemon.tracers().heap()::tracerGone);
            } catch (IOException | RuntimeException e) {
                log().error("renewal: cannot take over the local socket, listening anew: {}", OneLineErrors.message(e));
            }
        }
        try {
            return LocalService.start(path, new ServedCommands(), daemon.tracers().heap()::tracerGone);
        } catch (IOException | RuntimeException e) {
            String reason = "serve: cannot listen on " + path + ": " + OneLineErrors.message(e);
            if (socket != null) {
                throw new UserError(reason, e);
            }
            spec.commandLine().getErr().println("warning: " + reason + "; run and inspect will not use this service");
            spec.commandLine().getErr().flush();
            return null;
        }
    }

    private void announce(Daemon daemon, LocalService local) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("polytrace daemon listening on " + daemon.url() + " (API: " + daemon.url() + "/v1/openapi.json)");
        if (local != null) {
            out.println("local socket for run and inspect: " + local.path());
        }
        out.println((daemon.token().generated() ? "new token written to " : "token: ") + daemon.token().file());
        out.flush();
        if (!daemon.config().listen().isLoopback()) {
            err.println("warning: listening on " + daemon.config().listen() + ", beyond this machine, over plain HTTP: "
                    + "put TLS in front of it");
        }
        if (daemon.token().isExposed()) {
            err.println("warning: " + daemon.token().file() + " is readable by other users: chmod 600 it");
        }
        if (keysDir != null) {
            err.println("only packages signed by a key in " + keysDir + " will run");
        }
        err.flush();
    }

    /** SIGHUP reads the keys directory again; the daemon reads it nowhere else after starting. */
    private static void reloadKeysOnHangup(Daemon daemon) {
        try {
            Signal.handle(new Signal("HUP"), s -> daemon.reloadTrustedKeys());
        } catch (IllegalArgumentException e) {
            // SIGHUP taken by the JVM (-Xrs): keys are read at start only
        }
    }

    /** Asked for once the logger is configured ({@link #quietServerLogs}), not at class load. */
    private static Logger log() {
        return LoggerFactory.getLogger("polytrace.daemon");
    }

    /** Jetty logs every start and stop at INFO; the daemon's own lines are enough. */
    private static void quietServerLogs() {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        }
    }
}
