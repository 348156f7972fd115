package dev.polytrace.host.daemon;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Tracer ids are made by the daemon ({@code t-} and 10 random characters) and checked before any
 * use: they name state directories, so nothing a client sends may reach the file system unchecked.
 */
public final class TracerId {
    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,40}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TracerId() {
    }

    public static String generate() {
        StringBuilder id = new StringBuilder("t-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The id itself, or a 400 when it cannot be an id at all (e.g. {@code ..}, {@code %2F}). */
    public static String require(String id) {
        if (!isValid(id)) {
            throw DaemonException.badRequest("invalid_id", "tracer ids are 1-40 characters of a-z, 0-9 and '-'");
        }
        return id;
    }
}
