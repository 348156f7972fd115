package dev.polytrace.script.api;

/**
 * A handler used {@code ctx} wrongly: an unknown map, a write to {@code ctx.params}, a metric
 * registered twice with different labels, a map operation the kernel refused. The message
 * starts with the member used ({@code ctx.maps.counts.delete: ...}) and says what to do
 * instead; the guest sees it as the error's message, and the host gets it back in the
 * {@code PolyglotException} with the handler's stack.
 */
public class HandlerApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandlerApiException(String message) {
        super(message);
    }

    public HandlerApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
