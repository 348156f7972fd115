package dev.polytrace.host.pkg;

/**
 * A package that could not be fetched: a missing file, an HTTP error, a timeout, more bytes than
 * a package may have. The message is one line starting with the spec the user gave, e.g.
 * {@code http://example.com/x.json: HTTP 404}.
 */
public class PackageSourceException extends RuntimeException {
    public PackageSourceException(String spec, String detail) {
        super(spec + ": " + detail);
    }

    public PackageSourceException(String spec, String detail, Throwable cause) {
        super(spec + ": " + detail, cause);
    }
}
