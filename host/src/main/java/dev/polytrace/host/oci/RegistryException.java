package dev.polytrace.host.oci;

/**
 * A registry could not be reached, refused a request, or sent something that does not check
 * out. The message is one line naming the reference and the cause, e.g.
 * {@code oci://localhost:5000/execsnoop:1.0: HTTP 404 MANIFEST_UNKNOWN: manifest unknown}.
 */
public class RegistryException extends RuntimeException {
    public RegistryException(String reference, String cause) {
        super(reference + ": " + cause);
    }

    public RegistryException(String reference, String cause, Throwable e) {
        super(reference + ": " + cause, e);
    }
}
