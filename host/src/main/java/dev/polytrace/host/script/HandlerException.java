package dev.polytrace.host.script;

/**
 * A handler failed: it threw, ran past its time budget, was denied by the sandbox or exhausted a
 * resource. The message names the handler file and line the way compilers do:
 * {@code execsnoop.js:12: TypeError: Cannot read property 'x' of undefined}.
 */
public final class HandlerException extends RuntimeException {
    /** What kind of failure; {@link #FATAL} ones leave no usable context behind. */
    public enum Kind {
        /** The guest threw (including sandbox denials such as PermissionError). */
        ERROR,
        /** The watchdog interrupted a call that ran past its budget; the context is still usable. */
        TIMEOUT,
        /**
         * The handler's context cannot run any more (killed by a limit, out of memory, cancelled):
         * it is rebuilt from the handler's file, or the run stops.
         */
        FATAL
    }

    private final Kind kind;
    private final String location;

    HandlerException(Kind kind, String location, String detail, Throwable cause) {
        super(location.isEmpty() ? detail : location + ": " + detail, cause);
        this.kind = kind;
        this.location = location;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code file:line}, {@code file} when the line is unknown, or "" when not even the file is. */
    public String location() {
        return location;
    }

    public boolean isFatal() {
        return kind == Kind.FATAL;
    }
}
