package dev.polytrace.host.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code polytrace serve} runs.
 *
 * @param tokenFile        the bearer token's file; created with a fresh token when missing
 * @param maxTracers       tracers that may run at once; more deploys get 409
 * @param stateDir         where deployed tracers are kept to be restored on restart; empty: nothing is kept
 * @param trustedKeys      with {@code --require-signature}: the directory of trusted {@code NAME.pub} keys
 * @param maxBodyBytes     largest request body; larger gets 413
 * @param maxHeaderBytes   largest request header block; larger gets 431
 * @param eventBuffer      records kept per tracer for polling, SSE resume and {@code /log}
 * @param maxStreams       SSE streams open at once over all tracers; more get 503
 * @param sseHeartbeat     how long an SSE stream may be idle before a comment is sent, which keeps
 *                         the connection open and finds out, by failing, that its client has gone
 */
public record DaemonConfig(ListenAddress listen, Path tokenFile, int maxTracers, Optional<Path> stateDir,
                           Optional<Path> trustedKeys, int maxBodyBytes, int maxHeaderBytes, int eventBuffer,
                           int maxStreams, Duration sseHeartbeat) {
    public static final int DEFAULT_MAX_TRACERS = 64;
    public static final int DEFAULT_MAX_BODY = 32 << 20;
    public static final int DEFAULT_MAX_HEADER = 8 << 10;
    public static final int DEFAULT_EVENT_BUFFER = 4096;
    public static final int DEFAULT_MAX_STREAMS = 64;
    public static final Duration DEFAULT_SSE_HEARTBEAT = Duration.ofSeconds(15);

    public DaemonConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(trustedKeys, "trustedKeys");
        Objects.requireNonNull(sseHeartbeat, "sseHeartbeat");
        if (sseHeartbeat.isNegative() || sseHeartbeat.isZero()) {
            throw new IllegalArgumentException("the SSE heartbeat must be positive");
        }
        if (maxTracers < 1 || maxBodyBytes < 1024 || maxHeaderBytes < 1024 || eventBuffer < 1 || maxStreams < 1) {
            throw new IllegalArgumentException("daemon limits must be positive (body and headers at least 1 KiB)");
        }
    }

    /** Defaults for everything but where it listens and its token. */
    public static DaemonConfig of(ListenAddress listen, Path tokenFile) {
        return new DaemonConfig(listen, tokenFile, DEFAULT_MAX_TRACERS, Optional.empty(), Optional.empty(),
                DEFAULT_MAX_BODY, DEFAULT_MAX_HEADER, DEFAULT_EVENT_BUFFER, DEFAULT_MAX_STREAMS, DEFAULT_SSE_HEARTBEAT);
    }

    public DaemonConfig withMaxTracers(int n) {
        return new DaemonConfig(listen, tokenFile, n, stateDir, trustedKeys, maxBodyBytes, maxHeaderBytes,
                eventBuffer, maxStreams, sseHeartbeat);
    }

    public DaemonConfig withStateDir(Path dir) {
        return new DaemonConfig(listen, tokenFile, maxTracers, Optional.ofNullable(dir), trustedKeys, maxBodyBytes,
                maxHeaderBytes, eventBuffer, maxStreams, sseHeartbeat);
    }

    public DaemonConfig withTrustedKeys(Path dir) {
        return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, Optional.ofNullable(dir), maxBodyBytes,
                maxHeaderBytes, eventBuffer, maxStreams, sseHeartbeat);
    }

    public DaemonConfig withMaxBodyBytes(int n) {
        return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, trustedKeys, n, maxHeaderBytes, eventBuffer,
                maxStreams, sseHeartbeat);
    }

    public DaemonConfig withEventBuffer(int n) {
        return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, trustedKeys, maxBodyBytes, maxHeaderBytes,
                n, maxStreams, sseHeartbeat);
    }

    public DaemonConfig withMaxStreams(int n) {
        return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, trustedKeys, maxBodyBytes, maxHeaderBytes,
                eventBuffer, n, sseHeartbeat);
    }

    public DaemonConfig withSseHeartbeat(Duration interval) {
        return new DaemonConfig(listen, tokenFile, maxTracers, stateDir, trustedKeys, maxBodyBytes, maxHeaderBytes,
                eventBuffer, maxStreams, interval);
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
