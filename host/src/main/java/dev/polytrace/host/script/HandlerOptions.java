package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a handler runs.
 *
 * @param callTimeout    budget of one {@code onEvent} (per event, also inside a batch) or
 *                       {@code onInterval} call; zero disables the watchdog
 * @param startTimeout   budget of loading the module plus {@code init}, and of {@code onExit}: longer,
 *                       because the first Python context of a JVM spends seconds importing
 * @param interval       period of {@code onInterval}; zero for never
 * @param stopOnError    stop the run at the first handler error instead of counting and continuing
 * @param queueCapacity  events buffered between the reader threads and the handler; beyond it
 *                       events are dropped (and counted) so a slow handler never blocks a reader
 * @param batchSize      events handed to the guest in one call
 * @param statementLimit statements per call before the context is killed, see
 *                       {@link SandboxFactory#DEFAULT_STATEMENT_LIMIT}; zero or less for none. Only in
 *                       force without a watchdog ({@link #statementBackstop()})
 * @param maxEmitBytes   the largest record {@code ctx.emit} takes, in bytes of JSON
 */
public record HandlerOptions(Duration callTimeout, Duration startTimeout, Duration interval, boolean stopOnError,
                             int queueCapacity, int batchSize, long statementLimit, long maxEmitBytes) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Room to ride out a GC pause or the JIT recompiling at a high event rate. 768 KB allocated up front, plus about 110 bytes per queued 64-byte record.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final int DEFAULT_BATCH_SIZE = 256;

    public static final HandlerOptions DEFAULTS = from(PackageOptions.DEFAULTS);

    public HandlerOptions {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(interval, "interval");
        if (callTimeout.isNegative() || startTimeout.isNegative() || interval.isNegative()) {
            throw new IllegalArgumentException("handler durations must not be negative");
        }
        if (queueCapacity < 1 || batchSize < 1 || maxEmitBytes < 1) {
            throw new IllegalArgumentException("queueCapacity, batchSize and maxEmitBytes must be positive");
        }
    }

    /** The package's own settings, with the defaults for what a package cannot say. */
    public static HandlerOptions from(PackageOptions options) {
        Duration call = Duration.ofMillis(Math.max(0, options.handlerTimeoutMs()));
        return new HandlerOptions(call, startTimeoutFor(call), Duration.ofMillis(Math.max(0, options.intervalMs())),
                "stop".equalsIgnoreCase(options.onHandlerError()), DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE,
                SandboxFactory.DEFAULT_STATEMENT_LIMIT, options.maxEmitBytes());
    }

    /**
     * {@code --handler-timeout}: also stretches the start budget when it is longer, and never
     * shortens it. Zero (no watchdog) lifts the start budget too; a start budget of zero (from a
     * package without a watchdog) becomes the one a package with this call budget would have.
     */
    public HandlerOptions withCallTimeout(Duration timeout) {
        Duration start = timeout.isZero() || startTimeout.isZero() ? startTimeoutFor(timeout)
                : timeout.compareTo(startTimeout) > 0 ? timeout : startTimeout;
        return new HandlerOptions(timeout, start, interval, stopOnError, queueCapacity, batchSize, statementLimit,
                maxEmitBytes);
    }

    public HandlerOptions withStartTimeout(Duration timeout) {
        return new HandlerOptions(callTimeout, timeout, interval, stopOnError, queueCapacity, batchSize,
                statementLimit, maxEmitBytes);
    }

    public HandlerOptions withInterval(Duration period) {
        return new HandlerOptions(callTimeout, startTimeout, period, stopOnError, queueCapacity, batchSize,
                statementLimit, maxEmitBytes);
    }

    public HandlerOptions withStopOnError(boolean stop) {
        return new HandlerOptions(callTimeout, startTimeout, interval, stop, queueCapacity, batchSize, statementLimit,
                maxEmitBytes);
    }

    public HandlerOptions withQueue(int capacity, int batch) {
        return new HandlerOptions(callTimeout, startTimeout, interval, stopOnError, capacity, batch, statementLimit,
                maxEmitBytes);
    }

    public HandlerOptions withMaxEmitBytes(long bytes) {
        return new HandlerOptions(callTimeout, startTimeout, interval, stopOnError, queueCapacity, batchSize,
                statementLimit, bytes);
    }

    public HandlerOptions withStatementLimit(long limit) {
        return new HandlerOptions(callTimeout, startTimeout, interval, stopOnError, queueCapacity, batchSize, limit,
                maxEmitBytes);
    }

    /**
     * The statement limit the handler's contexts get: one no call can reach while the watchdog
     * keeps the time. A statement limit can only be enforced by killing the context, and compiled
     * code runs through any count in about a second, so beside a watchdog it would race it and
     * lose the handler's state where an interrupt would have kept it. It is still set, out of
     * reach: the statement counting it brings is what gives GraalPy's tracebacks their lines.
     */
    public long statementBackstop() {
        return callTimeout.isZero() ? statementLimit : Long.MAX_VALUE;
    }

    private static Duration startTimeoutFor(Duration call) {
        if (call.isZero()) {
            return Duration.ZERO;
        }
        return call.compareTo(DEFAULT_START_TIMEOUT) > 0 ? call : DEFAULT_START_TIMEOUT;
    }
}
