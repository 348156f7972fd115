package dev.polytrace.host.input;

/** A mistake in what the user asked for; its message is shown as is, with no stack trace. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
