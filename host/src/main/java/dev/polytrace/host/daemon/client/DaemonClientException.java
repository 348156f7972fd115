package dev.polytrace.host.daemon.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The daemon refused a request, or could not be reached; the message is one line for the user. */
public class DaemonClientException extends RuntimeException {
    private final int status;
    private final transient JsonNode answer;

    public DaemonClientException(int status, String message) {
        this(status, message, null);
    }

    /** @param answer the daemon's JSON error body, for fields beyond error and detail */
    public DaemonClientException(int status, String message, JsonNode answer) {
        super(message);
        this.status = status;
        this.answer = answer;
    }

    public DaemonClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.answer = null;
    }

    /** The daemon's error body, e.g. a build's diagnostics; empty when it sent none. */
    public Optional<JsonNode> answer() {
        return Optional.ofNullable(answer);
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
