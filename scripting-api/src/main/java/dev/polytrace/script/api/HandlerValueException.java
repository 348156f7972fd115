package dev.polytrace.script.api;

/**
 * A value from a handler that cannot cross into Java or into a map: a function, a cycle, NaN,
 * nesting deeper than {@value GuestValues#MAX_DEPTH}, a number out of range for the C type. The
 * message names the field, e.g. {@code emit: field 'x' is a function; records must be JSON-like}.
 */
public class HandlerValueException extends HandlerApiException {
    private static final long serialVersionUID = 1L;

    public HandlerValueException(String message) {
        super(message);
    }

    public HandlerValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
