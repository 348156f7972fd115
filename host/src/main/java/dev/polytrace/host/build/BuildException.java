package dev.polytrace.host.build;

import dev.polytrace.host.input.UserError;

/**
 * Why a tracer could not be built, as one line naming the file (and line) at fault, e.g. a
 * malformed annotation or an event type that cannot be inferred. Front ends show the message as is.
 */
public class BuildException extends UserError {
    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
