package dev.polytrace.host.daemon;

/**
 * A request the daemon refuses, with the reason the HTTP layer turns into a status code and a
 * short machine-readable error code; the message is the human-readable detail.
 */
public class DaemonException extends RuntimeException {
    /** Why; each maps to one HTTP status in the HTTP layer's error mapping. */
    public enum Reason {
        BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, UNPROCESSABLE, UNAVAILABLE
    }

    private final Reason reason;
    private final String code;

    public DaemonException(Reason reason, String code, String detail) {
        super(detail);
        this.reason = reason;
        this.code = code;
    }

    public DaemonException(Reason reason, String code, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** e.g. "not_found", "max_tracers", "signature_required". */
    public String code() {
        return code;
    }

    public static DaemonException badRequest(String code, String detail) {
        return new DaemonException(Reason.BAD_REQUEST, code, detail);
    }

    public static DaemonException notFound(String what) {
        return new DaemonException(Reason.NOT_FOUND, "not_found", what);
    }

    public static DaemonException unprocessable(String code, String detail) {
        return new DaemonException(Reason.UNPROCESSABLE, code, detail);
    }
}
