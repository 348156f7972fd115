package dev.polytrace.host.daemon;

import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.UrlFetch;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@code polytrace serve} runs.
 *
 * @param tokenFile          the bearer token's file; created with a fresh token when missing
 * @param maxTracers         tracers that may run at once; more deploys get 409
 * @param stateDir           where deployed tracers are kept to be restored on restart; empty: nothing is kept
 * @param trustedKeys        with {@code --require-signature}: the directory of trusted {@code NAME.pub} keys
 * @param maxBodyBytes       largest request body; larger gets 413
 * @param maxHeaderBytes     largest request header block; larger gets 431
 * @param eventBuffer        records kept per tracer for polling, SSE resume and {@code /log}; memory is
 *                           taken as records come, up to this
 * @param maxStreams         SSE streams open at once over all tracers; more get 503
 * @param sseHeartbeat       how long an SSE stream may be idle before a comment is sent, which keeps
 *                           the connection open and finds out, by failing, that its client has gone
 * @param headerTimeout      how long a client may take to send a request's headers; then it is cut off
 * @param connectionsPerIp   connections one address may hold open; more are closed as they come
 * @param urlFetch           how packages deployed by {@code "url"} are fetched
 * @param alertWebhooks      URLs every tracer's alerts are posted to
 */
public record DaemonConfig(ListenAddress listen, Path tokenFile, int maxTracers, Optional<Path> stateDir,
                           Optional<Path> trustedKeys, int maxBodyBytes, int maxHeaderBytes, int eventBuffer,
                           int maxStreams, Duration sseHeartbeat, Duration headerTimeout, int connectionsPerIp,
                           UrlFetch urlFetch, List<URI> alertWebhooks) {
    public static final int DEFAULT_MAX_TRACERS = 64;
    public static final int DEFAULT_MAX_BODY = 32 << 20;
    public static final int DEFAULT_MAX_HEADER = 8 << 10;
    public static final int DEFAULT_EVENT_BUFFER = 4096;
    /** A million records per tracer: with 64 tracers, more memory than a daemon should take. */
    public static final int MAX_EVENT_BUFFER = 1 << 20;
    public static final int DEFAULT_MAX_STREAMS = 64;
    public static final Duration DEFAULT_SSE_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CONNECTIONS_PER_IP = 128;
    public static final Duration DEFAULT_URL_TIMEOUT = Duration.ofSeconds(30);

    public DaemonConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(trustedKeys, "trustedKeys");
        Objects.requireNonNull(sseHeartbeat, "sseHeartbeat");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(urlFetch, "urlFetch");
        alertWebhooks = List.copyOf(alertWebhooks);
        require(maxTracers >= 1, "--max-tracers must be at least 1, got " + maxTracers);
        require(eventBuffer >= 1 && eventBuffer <= MAX_EVENT_BUFFER, "--event-buffer must be 1.." + MAX_EVENT_BUFFER
                + " records, got " + eventBuffer);
        require(maxBodyBytes >= 1024, "the request body limit must be at least 1 KiB, got " + maxBodyBytes);
        require(maxHeaderBytes >= 1024, "the request header limit must be at least 1 KiB, got " + maxHeaderBytes);
        require(maxStreams >= 1, "the SSE stream limit must be at least 1, got " + maxStreams);
        require(connectionsPerIp >= 1, "the connections per address must be at least 1, got " + connectionsPerIp);
        require(sseHeartbeat.isPositive(), "the SSE heartbeat must be positive");
        require(headerTimeout.isPositive(), "the header timeout must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults for everything but where it listens and its token. */
    public static DaemonConfig of(ListenAddress listen, Path tokenFile) {
        return new DaemonConfig(listen, tokenFile, DEFAULT_MAX_TRACERS, Optional.empty(), Optional.empty(),
                DEFAULT_MAX_BODY, DEFAULT_MAX_HEADER, DEFAULT_EVENT_BUFFER, DEFAULT_MAX_STREAMS, DEFAULT_SSE_HEARTBEAT,
                DEFAULT_HEADER_TIMEOUT, DEFAULT_CONNECTIONS_PER_IP,
                new UrlFetch(DEFAULT_URL_TIMEOUT, PackageSources.MAX_BYTES, false), List.of());
    }

    public DaemonConfig withMaxTracers(int n) {
        return with(d -> d.maxTracers = n);
    }

    public DaemonConfig withStateDir(Path dir) {
        return with(d -> d.stateDir = Optional.ofNullable(dir));
    }

    public DaemonConfig withTrustedKeys(Path dir) {
        return with(d -> d.trustedKeys = Optional.ofNullable(dir));
    }

    public DaemonConfig withMaxBodyBytes(int n) {
        return with(d -> d.maxBodyBytes = n);
    }

    public DaemonConfig withEventBuffer(int n) {
        return with(d -> d.eventBuffer = n);
    }

    public DaemonConfig withMaxStreams(int n) {
        return with(d -> d.maxStreams = n);
    }

    public DaemonConfig withSseHeartbeat(Duration interval) {
        return with(d -> d.sseHeartbeat = interval);
    }

    public DaemonConfig withHeaderTimeout(Duration timeout) {
        return with(d -> d.headerTimeout = timeout);
    }

    public DaemonConfig withConnectionsPerIp(int n) {
        return with(d -> d.connectionsPerIp = n);
    }

    public DaemonConfig withUrlFetch(UrlFetch fetch) {
        return with(d -> d.urlFetch = fetch);
    }

    /** Where every tracer's alerts are posted too (JSON), besides its event stream. */
    public DaemonConfig withAlertWebhooks(List<URI> urls) {
        return with(d -> d.alertWebhooks = urls);
    }

    /** This config with one setting changed, checked as a new one is. */
    private DaemonConfig with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** A config's settings while one of them is being changed; every wither goes through it. */
    private static final class Draft {
        private final ListenAddress listen;
        private final Path tokenFile;
        private int maxTracers;
        private Optional<Path> stateDir;
        private Optional<Path> trustedKeys;
        private int maxBodyBytes;
        private final int maxHeaderBytes;
        private int eventBuffer;
        private int maxStreams;
        private Duration sseHeartbeat;
        private Duration headerTimeout;
        private int connectionsPerIp;
        private UrlFetch urlFetch;
        private List<URI> alertWebhooks;

        Draft(DaemonConfig c) {
            listen = c.listen;
            tokenFile = c.tokenFile;
            maxTracers = c.maxTracers;
            stateDir = c.stateDir;
            trustedKeys = c.trustedKeys;
            maxBodyBytes = c.maxBodyBytes;
            maxHeaderBytes = c.maxHeaderBytes;
            eventBuffer = c.eventBuffer;
            maxStreams = c.maxStreams;
            sseHeartbeat = c.sseHeartbeat;
            headerTimeout = c.headerTimeout;
            connectionsPerIp = c.connectionsPerIp;
            urlFetch = c.urlFetch;
            alertWebhooks = c.alertWebhooks;
        }

        DaemonConfig build() {
            return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, trustedKeys, maxBodyBytes, maxHeaderBytes,
                    eventBuffer, maxStreams, sseHeartbeat, headerTimeout, connectionsPerIp, urlFetch, alertWebhooks);
        }
    }

    /** {@code STATE_DIR/token} with a state dir, else {@code $XDG_CONFIG_HOME/polytrace/token} ({@code ~/.config}). */
    public static Path defaultTokenFile(Path stateDir) {
        if (stateDir != null) {
            return stateDir.resolve("token");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("polytrace").resolve("token");
    }
}
