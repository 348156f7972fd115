package dev.polytrace.host.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The bearer token every request but health must carry. Read from its file, or generated on first
 * start (32 random bytes, base64url) into a new file of mode 0600 in a 0700 directory.
 * Comparison hashes both sides first so that neither the length nor a common prefix of the
 * expected token shows in the time a check takes.
 */
public final class ApiToken {
    private static final int MIN_LENGTH = 16;

    private final Path file;
    private final byte[] digest;
    private final boolean generated;

    private ApiToken(Path file, String token, boolean generated) {
        this.file = file;
        this.digest = sha256(token);
        this.generated = generated;
    }

    /**
     * Reads {@code file}, or creates it with a fresh token when it does not exist. The file, and
     * every directory above it, must be this user's (or root's) to change ({@link PathTrust}): a
     * token another user wrote, or could rewrite, would let that user in.
     */
    public static ApiToken loadOrCreate(Path file) throws IOException {
        PathTrust trust = PathTrust.of("--token-file");
        trust.requireAbove(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return new ApiToken(file, create(file), true);
            } catch (FileAlreadyExistsException e) {
                // another daemon created it a moment ago: read theirs
            }
        }
        trust.requireFile(file);
        return new ApiToken(file, read(file), false);
    }

    /** The token in {@code file}, for clients; checked to be long enough to be a real one. */
    public static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException(file + ": not a token (expected at least " + MIN_LENGTH
                    + " printable characters on one line)");
        }
        return token;
    }

    public Path file() {
        return file;
    }

    /** Whether the daemon made the file on this start (then it tells the user where it is). */
    public boolean generated() {
        return generated;
    }

    /** True when the file can be read by group or others, which a token file should not be. */
    public boolean isExposed() {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Constant-time check of a presented token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static String create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // CREATE_NEW: never through a link, never into a file someone made first
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        return token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
