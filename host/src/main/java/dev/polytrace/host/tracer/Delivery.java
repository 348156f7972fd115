package dev.polytrace.host.tracer;

/** Where a running tracer's records go while a handler runs. */
public enum Delivery {
    /** To the handler only; the output gets what the handler emits ({@code run}, the daemon). */
    HANDLER_ONLY,
    /** To the handler and, as they are, to the output too (the REPL keeps every event for the prompt). */
    EVERY_EVENT_TO_OUTPUT
}
