package dev.polytrace.host.daemon.signing;

import dev.polytrace.host.daemon.PathTrust;
import dev.polytrace.host.pkg.PackageSignature;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The public keys a daemon started with {@code --require-signature KEYS_DIR} trusts: every
 * {@code NAME.pub} in the directory. A package verifies when its signature's keyId names one of
 * them and the Ed25519 signature over the canonical document checks out. The keys are read when
 * the daemon starts and when it is told to ({@link #reload}, on SIGHUP), never while a request is
 * checked: a key file half written, or swapped between two checks, cannot decide a deploy. The
 * directory and every key file must be the daemon's own ({@link PathTrust}).
 */
public final class TrustedKeys {
    private static final String SUFFIX = ".pub";

    private final Path dir;
    private volatile Map<String, PublicKey> keys;

    private TrustedKeys(Path dir, Map<String, PublicKey> keys) {
        this.dir = dir;
        this.keys = keys;
    }

    /** Reads every key in {@code dir}. @throws IOException naming a directory or key file not to trust, or unreadable */
    public static TrustedKeys load(Path dir) throws IOException {
        return new TrustedKeys(dir, read(dir));
    }

    /** Reads the directory again; on failure the keys read before stay in force. @return how many are trusted now */
    public synchronized int reload() throws IOException {
        keys = read(dir);
        return keys.size();
    }

    public Path dir() {
        return dir;
    }

    /** Names of the trusted keys, sorted. */
    public Set<String> keyIds() {
        return keys.keySet();
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
        PublicKey key = Ed25519Keys.isValidKeyId(signature.keyId()) ? keys.get(signature.keyId()) : null;
        if (key == null) {
            throw new SigningException("signature by key '" + signature.keyId() + "', which this daemon does not trust");
        }
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

    private static Map<String, PublicKey> read(Path dir) throws IOException {
        PathTrust trust = PathTrust.of("--require-signature");
        trust.requireDirectory(dir);
        Map<String, PublicKey> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String keyId = name.substring(0, name.length() - SUFFIX.length());
                if (!Ed25519Keys.isValidKeyId(keyId)) {
                    continue; // no signature can name it
                }
                trust.requireEntry(file);
                try {
                    keys.put(keyId, Ed25519Keys.readPublic(file));
                } catch (SigningException e) {
                    throw new IOException("--require-signature: " + e.getMessage(), e);
                }
            }
        }
        return Collections.unmodifiableMap(keys);
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
