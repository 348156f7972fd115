package dev.polytrace.host.daemon.signing;

/** A key that cannot be read or written, or a package whose signature does not verify. */
public class SigningException extends RuntimeException {
    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
