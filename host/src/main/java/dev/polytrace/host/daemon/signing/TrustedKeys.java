package dev.polytrace.host.daemon.signing;

import dev.polytrace.host.pkg.PackageSignature;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * The public keys a daemon started with {@code --require-signature KEYS_DIR} trusts: every
 * {@code NAME.pub} in the directory. A package verifies when its signature's keyId names one of
 * them and the Ed25519 signature over the canonical document checks out. Keys are read at each
 * check, so adding or removing a file takes effect without a restart.
 */
public final class TrustedKeys {
    private final Path dir;

    private TrustedKeys(Path dir) {
        this.dir = dir;
    }

    public static TrustedKeys in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SigningException("--require-signature " + dir + ": not a directory");
        }
        return new TrustedKeys(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * @throws SigningException naming what is wrong: no signature, another algorithm, an unknown
     *                          key, a signature that does not match
     */
    public void verify(TracerPackage pkg) {
        PackageSignature signature = pkg.signature().orElseThrow(() -> new SigningException(
                "the package is not signed, and this daemon only runs signed packages (polytrace sign)"));
        if (!PackageSigner.ALGORITHM_NAME.equalsIgnoreCase(signature.algorithm())) {
            throw new SigningException("signature algorithm '" + signature.algorithm() + "' is not ed25519");
        }
        PublicKey key = key(signature.keyId()).orElseThrow(() -> new SigningException(
                "signature by key '" + signature.keyId() + "', which this daemon does not trust"));
        byte[] value;
        try {
            value = Base64.getDecoder().decode(signature.value());
        } catch (IllegalArgumentException e) {
            throw new SigningException("the signature value is not base64", e);
        }
        if (!verifies(key, PackageWriter.canonical(pkg), value)) {
            throw new SigningException("the signature by key '" + signature.keyId()
                    + "' does not match the package (modified after signing, or signed by another key)");
        }
    }

    private Optional<PublicKey> key(String keyId) {
        if (!Ed25519Keys.isValidKeyId(keyId)) {
            return Optional.empty();
        }
        Path file = dir.resolve(keyId + ".pub");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519Keys.readPublic(file));
        } catch (IOException e) {
            throw new SigningException("cannot read trusted key " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] value) {
        try {
            Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(value);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is just a signature that does not verify
        }
    }
}
