package dev.polytrace.host.pkg;

/**
 * A package that cannot be used as it is: not JSON, a missing or mistyped field, an object that
 * does not match its checksum or does not contain what the package says. The message is one line
 * naming the origin and the JSON path of the bad field, e.g.
 * {@code execsnoop.tracer.json: $.params[2].type: missing}.
 */
public class PackageFormatException extends RuntimeException {
    private final String origin;
    private final String path;
    private final String detail;

    /**
     * @param path the JSON path of the offending field ("$.object.sha256"), or null when the
     *             problem is the document as a whole (e.g. it is not JSON)
     */
    public PackageFormatException(String origin, String path, String detail) {
        this(origin, path, detail, null);
    }

    public PackageFormatException(String origin, String path, String detail, Throwable cause) {
        super(origin + ": " + (path == null ? "" : path + ": ") + detail, cause);
        this.origin = origin;
        this.path = path;
        this.detail = detail;
    }

    /** Where the package came from: a file name, URL, "stdin". */
    public String origin() {
        return origin;
    }

    /** JSON path of the offending field, or null. */
    public String path() {
        return path;
    }

    /** What is wrong, without origin and path. */
    public String detail() {
        return detail;
    }
}
