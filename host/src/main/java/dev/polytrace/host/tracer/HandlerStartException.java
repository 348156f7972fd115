package dev.polytrace.host.tracer;

import dev.polytrace.host.script.HandlerException;

/**
 * A tracer did not start because its handler did not: its file did not load, or its {@code
 * init(ctx)} failed once the kernel side was attached (which was then detached). The message is
 * the handler's.
 */
public final class HandlerStartException extends RuntimeException {
    /** When the handler failed. */
    public enum Stage {
        /** Evaluating the file (syntax error, module code that throws, no lifecycle function). */
        LOAD,
        /** Its {@code init(ctx)}, after the object was loaded and attached. */
        INIT
    }

    private final Stage stage;

    HandlerStartException(Stage stage, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /** The handler's own failure, when it was one (a load may also fail on an unknown language). */
    public RuntimeException failure() {
        return (RuntimeException) getCause();
    }

    /** Whether the failure is a {@link HandlerException} (rather than, say, an unknown language). */
    public boolean isHandlerError() {
        return getCause() instanceof HandlerException;
    }
}
