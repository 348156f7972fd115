package dev.polytrace.host.script;

import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the run is told about a handler's failures: the first few errors and rebuilds go to the
 * log as they happen (all are counted for the report, so a handler failing on every event does
 * not flood it), and a stop goes to the log and to whoever listens for one.
 */
final class HandlerNotices {
    private static final int SHOWN = 5;

    private final HandlerLog log;
    private final HandlerStats stats;
    private final CopyOnWriteArrayList<Consumer<HandlerException>> stopListeners = new CopyOnWriteArrayList<>();

    HandlerNotices(HandlerLog log, HandlerStats stats) {
        this.log = log;
        this.stats = stats;
    }

    void onStop(Consumer<HandlerException> listener) {
        stopListeners.add(listener);
    }

    /** A failure, counted already. */
    void error(HandlerException e) {
        long n = stats.errors.sum();
        if (n <= SHOWN) {
            log.log(LogLevel.ERROR, e.getMessage());
        }
        if (n == SHOWN) {
            log.log(LogLevel.ERROR, "further handler errors are counted, not shown");
        }
    }

    /** A dead context was replaced by a fresh load of {@code fileName}, counted already. */
    void rebuilt(String fileName, HandlerException cause) {
        if (stats.rebuilds.sum() <= SHOWN) {
            log.log(LogLevel.WARN, "rebuilt the handler's context from " + fileName
                    + " (module state lost) after: " + cause.getMessage());
        }
    }

    /** The handler stops before the run does (fatal, or on-error stop). */
    void stopped(HandlerException cause) {
        log.log(LogLevel.ERROR, cause.isFatal() ? "the handler cannot continue; stopping the run"
                : "stopping the run (the package's onHandlerError is \"stop\")");
        for (Consumer<HandlerException> listener : stopListeners) {
            listener.accept(cause);
        }
    }
}
