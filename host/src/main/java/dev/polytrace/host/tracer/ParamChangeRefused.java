package dev.polytrace.host.tracer;

/** A run-time param change that cannot be made; nothing was written. */
public final class ParamChangeRefused extends RuntimeException {
    /** Why. */
    public enum Reason {
        /** A {@code const volatile} in {@code .rodata}: fixed when the object was loaded. */
        READ_ONLY,
        /** The package declares it but the loaded object has no such variable. */
        NOT_IN_OBJECT
    }

    private final Reason reason;

    ParamChangeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
