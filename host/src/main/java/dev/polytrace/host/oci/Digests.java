package dev.polytrace.host.oci;

import dev.polytrace.host.pkg.ObjectEncoding;

/** OCI digests ({@code sha256:HEX}) of content, and the check that fetched content has the one it was asked by. */
final class Digests {
    private Digests() {
    }

    static String sha256(byte[] content) {
        return "sha256:" + ObjectEncoding.sha256(content);
    }

    /** @throws RegistryException when {@code content} is not what {@code expected} names */
    static void verify(String reference, String what, byte[] content, String expected) {
        String actual = sha256(content);
        if (!actual.equals(expected)) {
            throw new RegistryException(reference, what + " digest mismatch: expected " + expected + ", got " + actual
                    + " (the registry's copy is corrupt or was tampered with)");
        }
    }
}
