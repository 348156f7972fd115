package dev.polytrace.host.pkg;

/**
 * How the host runs the handler.
 *
 * @param intervalMs       how often {@code onInterval} runs, 0 for never
 * @param handlerTimeoutMs budget of one handler call before the watchdog interrupts it
 * @param onHandlerError   "continue" (count and report failing events) or "stop"
 */
public record PackageOptions(long intervalMs, long handlerTimeoutMs, String onHandlerError) {
    public static final PackageOptions DEFAULTS = new PackageOptions(1000, 1000, "continue");
}
