package dev.polytrace.host.pkg;

import dev.polytrace.script.api.HandlerEnvironment;

/**
 * How the host runs the handler.
 *
 * @param intervalMs       how often {@code onInterval} runs, 0 for never
 * @param handlerTimeoutMs budget of one handler call before the watchdog interrupts it; 0 for no
 *                         watchdog (as {@code --handler-timeout 0})
 * @param onHandlerError   "continue" (count and report failing events) or "stop"
 * @param perfBufferPages  per-CPU size of perf event array buffers in pages (eunomia's
 *                         {@code perf_buffer_pages}, default 64); a power of two
 * @param pollTimeoutMs    how long one poll of the event streams waits (eunomia's
 *                         {@code poll_timeout_ms}, default 100)
 * @param maxEmitBytes     the largest record the handler may emit, as JSON (default 1 MiB): a larger
 *                         one is refused with an error naming its size
 */
public record PackageOptions(long intervalMs, long handlerTimeoutMs, String onHandlerError, int perfBufferPages,
                             long pollTimeoutMs, long maxEmitBytes) {
    public static final int DEFAULT_PERF_BUFFER_PAGES = 64;
    public static final long DEFAULT_POLL_TIMEOUT_MS = 100;
    public static final long DEFAULT_MAX_EMIT_BYTES = HandlerEnvironment.DEFAULT_MAX_EMIT_BYTES;
    public static final PackageOptions DEFAULTS = new PackageOptions(1000, 1000, "continue");

    public PackageOptions {
        if (maxEmitBytes < 1) {
            throw new IllegalArgumentException("maxEmitBytes must be positive, got " + maxEmitBytes);
        }
    }

    /** Options with the default perf buffer size, poll timeout and emit cap. */
    public PackageOptions(long intervalMs, long handlerTimeoutMs, String onHandlerError) {
        this(intervalMs, handlerTimeoutMs, onHandlerError, DEFAULT_PERF_BUFFER_PAGES, DEFAULT_POLL_TIMEOUT_MS);
    }

    /** Options with the default emit cap. */
    public PackageOptions(long intervalMs, long handlerTimeoutMs, String onHandlerError, int perfBufferPages,
                          long pollTimeoutMs) {
        this(intervalMs, handlerTimeoutMs, onHandlerError, perfBufferPages, pollTimeoutMs, DEFAULT_MAX_EMIT_BYTES);
    }

    public PackageOptions withMaxEmitBytes(long bytes) {
        return new PackageOptions(intervalMs, handlerTimeoutMs, onHandlerError, perfBufferPages, pollTimeoutMs, bytes);
    }
}
