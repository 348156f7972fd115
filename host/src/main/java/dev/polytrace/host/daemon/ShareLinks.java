package dev.polytrace.host.daemon;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Share tokens: each lets its holder fetch one package ({@code GET /v1/packages/SHA256?share=TOKEN})
 * and nothing else, without the daemon's token. A token is an HMAC of the package's hash under a
 * key drawn when the daemon starts, so nothing is stored, the same package always gets the same
 * link, and every link stops working when the daemon restarts. A renewal in place (the daemon
 * starting afresh to give memory back) hands the key over: links stay good through it.
 */
public final class ShareLinks {
    private final byte[] key = new byte[32];

    public ShareLinks() {
        new SecureRandom().nextBytes(key);
    }

    /** The links of a daemon before its renewal: {@code key} as {@link #key()} gave it. */
    public ShareLinks(byte[] key) {
        if (key.length != this.key.length) {
            throw new IllegalArgumentException("a share key has " + this.key.length + " bytes, not " + key.length);
        }
        System.arraycopy(key, 0, this.key, 0, key.length);
    }

    /** The key, to hand over to a renewal of this daemon. */
    public byte[] key() {
        return key.clone();
    }

    /** The token for the package whose canonical sha256 is {@code sha256}. */
    public String token(String sha256) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(sha256));
    }

    /** Constant-time check of a presented token. */
    public boolean admits(String sha256, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(presented);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(sha256), given);
    }

    private byte[] mac(String sha256) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("polytrace-share:" + sha256).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
