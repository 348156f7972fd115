package dev.polytrace.host.daemon.client;

/** The daemon refused a request, or could not be reached; the message is one line for the user. */
public class DaemonClientException extends RuntimeException {
    private final int status;

    public DaemonClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DaemonClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
