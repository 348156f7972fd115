package dev.polytrace.host.daemon.signing;

import dev.polytrace.host.pkg.PackageSignature;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Signs a package: Ed25519 over {@link PackageWriter#canonical}, the document without its signature. */
public final class PackageSigner {
    public static final String ALGORITHM_NAME = "ed25519";

    private PackageSigner() {
    }

    /** The package with its {@code signature} field set (any earlier one is replaced). */
    public static TracerPackage sign(TracerPackage pkg, PrivateKey key, String keyId) {
        if (!Ed25519Keys.isValidKeyId(keyId)) {
            throw new SigningException("key id '" + keyId + "': use letters, digits, '.', '_' or '-' (up to 64)");
        }
        try {
            Signature signer = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(key);
            signer.update(PackageWriter.canonical(pkg));
            String value = Base64.getEncoder().encodeToString(signer.sign());
            return pkg.withSignature(new PackageSignature(ALGORITHM_NAME, keyId, value));
        } catch (GeneralSecurityException e) {
            throw new SigningException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
