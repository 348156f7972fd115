package dev.polytrace.host.script;

/**
 * What a handler did, for the CLI's exit line, the REPL's stats and the daemon.
 *
 * @param received   events the reader threads offered to the handler
 * @param handled    events passed to {@code onEvent} that returned normally
 * @param failed     events whose {@code onEvent} threw or timed out (not counted as handled)
 * @param ignored    events taken by a handler that has no {@code onEvent} (not counted as handled)
 * @param dropped    events discarded because the handler's queue was full
 * @param unhandled  events discarded after the handler stopped
 * @param errors     every handler failure, events and lifecycle calls alike
 * @param timeouts   calls the watchdog interrupted
 * @param rebuilds   contexts closed by a limit (or found dead) and loaded afresh, module state lost
 * @param firstError message of the first failure ({@code file:line: ...}), or null
 * @param stopCause  why the handler stopped before the run ended, or null
 * @param exitState  plain data {@code onExit} returned, for the next handler's {@code init}; or null
 * @param busyNanos  time spent inside the guest handling event batches
 */
public record HandlerReport(String fileName, long received, long handled, long failed, long ignored,
                            long dropped, long unhandled, long errors, long timeouts, long rebuilds, String firstError, String stopCause,
                            Object exitState, long busyNanos) {

    /** Events the handler is done with, however it ended: handled, failed, ignored or discarded. */
    public long settled() {
        return handled + failed + ignored + unhandled;
    }

    /** One line for the end of a run, e.g. {@code 3 handler errors (first: execsnoop.js:12: TypeError: ...)}; "" if none. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        if (errors > 0) {
            line.append(errors).append(errors == 1 ? " handler error" : " handler errors");
            if (timeouts > 0) {
                line.append(", ").append(timeouts).append(timeouts == 1 ? " timeout" : " timeouts");
            }
            if (rebuilds > 0) {
                line.append(", ").append(rebuilds).append(rebuilds == 1 ? " context rebuilt" : " contexts rebuilt");
            }
            line.append(" (first: ").append(firstError).append(')');
        }
        if (stopCause != null && !stopCause.equals(firstError)) {
            line.append(line.isEmpty() ? "" : "; ").append("handler stopped: ").append(stopCause);
        }
        if (dropped > 0) {
            line.append(line.isEmpty() ? "" : "; ").append(dropped).append(" events dropped (handler queue full)");
        }
        if (unhandled > 0) {
            line.append(line.isEmpty() ? "" : "; ").append(unhandled).append(" events not handled after it stopped");
        }
        return line.toString();
    }
}
