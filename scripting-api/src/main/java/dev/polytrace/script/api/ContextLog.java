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
    public void debug(Value... parts) {
        write(LogLevel.DEBUG, parts);
    }

    @HostAccess.Export
    public void info(Value... parts) {
        write(LogLevel.INFO, parts);
    }

    @HostAccess.Export
    public void warn(Value... parts) {
        write(LogLevel.WARN, parts);
    }

    @HostAccess.Export
    public void error(Value... parts) {
        write(LogLevel.ERROR, parts);
    }

    private void write(LogLevel level, Value[] parts) {
        StringBuilder message = new StringBuilder();
        for (Value part : parts) {
            if (!message.isEmpty()) {
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
