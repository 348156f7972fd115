package dev.polytrace.host.pkg;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The ELF object as a JSON string: zlib (RFC 1950, with header, as eunomia-bpf writes it), then
 * base64. Decoding is bounded by the declared size so a small package cannot inflate into
 * gigabytes.
 */
public final class ObjectEncoding {
    public static final String ZLIB_BASE64 = "zlib+base64";
    /** Largest object accepted; real BPF objects are kilobytes to a few megabytes. */
    public static final int MAX_OBJECT_BYTES = 64 << 20;

    private ObjectEncoding() {
    }

    public static String encode(byte[] elf) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(elf);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(elf.length / 3 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /** Lower-case hex SHA-256, the form packages carry. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Decodes {@code data} (base64 of zlib) and checks the result against {@code size}; errors name
     * the data field, or the size field for a length mismatch.
     */
    static byte[] decode(JsonField data, JsonField size) {
        long declared = size.integer();
        if (declared < 0 || declared > MAX_OBJECT_BYTES) {
            throw size.fail("must be between 0 and " + MAX_OBJECT_BYTES + " bytes, got " + declared);
        }
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(data.text());
        } catch (IllegalArgumentException e) {
            throw data.fail("not base64 (" + e.getMessage() + ")", e);
        }
        byte[] elf = inflate(compressed, (int) declared, data);
        if (elf.length != declared) {
            throw size.fail("does not match the object (expected " + declared + ", got "
                    + (elf.length > declared ? "more" : elf.length) + ")");
        }
        return elf;
    }

    /** Inflates at most {@code limit + 1} bytes: one more than allowed is enough to prove a mismatch. */
    private static byte[] inflate(byte[] compressed, int limit, JsonField data) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit + 1, 1 << 20));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished() && out.size() <= limit) {
                int n = inflater.inflate(buffer, 0, Math.min(buffer.length, limit + 1 - out.size()));
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw data.fail("not zlib data (truncated after " + out.size() + " bytes)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw data.fail("not zlib data (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }
}
