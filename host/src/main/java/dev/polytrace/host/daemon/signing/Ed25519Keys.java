package dev.polytrace.host.daemon.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ed25519 key files as openssl writes them: {@code NAME.key} is a PKCS#8 "PRIVATE KEY" PEM (mode
 * 0600), {@code NAME.pub} an X.509 "PUBLIC KEY" PEM. The key's id in a signature is NAME, so a
 * verifier finds {@code KEYS_DIR/NAME.pub} without searching; {@code openssl genpkey -algorithm
 * ed25519} keys work too.
 */
public final class Ed25519Keys {
    public static final String ALGORITHM = "Ed25519";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ed25519Keys() {
    }

    /** A key id names a file in a directory, so it must not be able to leave it. */
    public static boolean isValidKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches() && !keyId.startsWith(".");
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new SigningException("this JDK cannot generate Ed25519 keys: " + e.getMessage(), e);
        }
    }

    /** Writes {@code dir/NAME.key} (0600, never overwritten) and {@code dir/NAME.pub}. */
    public static void write(KeyPair pair, Path dir, String name) throws IOException {
        if (!isValidKeyId(name)) {
            throw new SigningException("key name '" + name + "': use letters, digits, '.', '_' or '-' (up to 64)");
        }
        Files.createDirectories(dir);
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            throw new SigningException(key + " or " + pub + " already exists; choose another --name");
        }
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der = derOf(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SigningException(file + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        byte[] der = derOf(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SigningException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /** The key id a key file stands for: its file name without {@code .key} / {@code .pub}. */
    public static String keyIdOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        if (!isValidKeyId(stem)) {
            throw new SigningException(file + ": the file name must be NAME.key with NAME of letters, digits, "
                    + "'.', '_' or '-' (it becomes the signature's keyId)");
        }
        return stem;
    }

    /** First 16 bytes of SHA-256 over the public key's DER, in hex: for people comparing keys. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] derOf(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new SigningException(file + ": expected a PEM block '" + begin + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new SigningException(file + ": the PEM body is not base64", e);
        }
    }
}
