package dev.polytrace.script.api;

import java.io.OutputStream;

/**
 * Where a handler's messages go: {@code ctx.log.*} calls, and (through {@link #stream}) what
 * the guest prints to stdout and stderr. Implemented by the host, which adds the tracer's name
 * and time and decides what reaches the terminal, the daemon's log or nowhere.
 */
@FunctionalInterface
public interface HandlerLog {
    /** One message, without a trailing newline. Must not throw. */
    void log(LogLevel level, String message);

    /**
     * A stream for a context's {@code out} or {@code err}: UTF-8 text is cut into lines, each
     * logged at {@code level}; a partial line is logged on flush or close. Not thread-safe, as a
     * context is confined to one thread.
     */
    default OutputStream stream(LogLevel level) {
        return new LogLineStream(this, level);
    }
}
