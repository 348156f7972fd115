package dev.polytrace.host.pkg;

/** Ed25519 signature over the canonical document without this field. */
public record PackageSignature(String algorithm, String keyId, String value) {
}
