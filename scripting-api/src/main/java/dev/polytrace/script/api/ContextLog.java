package dev.polytrace.script.api;

import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * {@code ctx.log}: {@code ctx.log.info('opened', path, 'by', pid)}; the parts are joined with
 * spaces, strings as they are and other values as the language prints them.
 */
public final class ContextLog {
    /** Longer messages are cut: a handler logging a huge value must not flood the host's log. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024;

    private final Supplier<HandlerLog> log;

    ContextLog(Supplier<HandlerLog> log) {
        this.log = log;
    }

    @HostAccess.Export
    public void debug() {
        write(LogLevel.DEBUG, null, new Value[0]);
    }

    @HostAccess.Export
    public void debug(Value first, Value... rest) {
        write(LogLevel.DEBUG, first, rest);
    }

    @HostAccess.Export
    public void info() {
        write(LogLevel.INFO, null, new Value[0]);
    }

    @HostAccess.Export
    public void info(Value first, Value... rest) {
        write(LogLevel.INFO, first, rest);
    }

    @HostAccess.Export
    public void warn() {
        write(LogLevel.WARN, null, new Value[0]);
    }

    @HostAccess.Export
    public void warn(Value first, Value... rest) {
        write(LogLevel.WARN, first, rest);
    }

    @HostAccess.Export
    public void error() {
        write(LogLevel.ERROR, null, new Value[0]);
    }

    @HostAccess.Export
    public void error(Value first, Value... rest) {
        write(LogLevel.ERROR, first, rest);
    }

    /**
     * The first part has its own parameter because a lone array argument to a varargs method
     * would be spread into the parts; after a first argument it stays one value.
     */
    private void write(LogLevel level, Value first, Value[] rest) {
        StringBuilder message = new StringBuilder();
        for (int i = -1; i < rest.length; i++) {
            Value part = i < 0 ? first : rest[i];
            if (part == null) {
                continue;
            }
            if (i >= 0) {
                message.append(' ');
            }
            // Value.toString() of a guest string can name its internal class; asString() is the text
            message.append(part.isString() ? part.asString() : part.toString());
            if (message.length() > MAX_MESSAGE_CHARS) {
                message.setLength(MAX_MESSAGE_CHARS);
                message.append("... (cut at ").append(MAX_MESSAGE_CHARS).append(" characters)");
                break;
            }
        }
        log.get().log(level, message.toString());
    }
}
