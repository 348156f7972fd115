package dev.polytrace.host.pkg;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
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
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

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
            // Line breaks are tolerated (some tools wrap base64); anything else outside the alphabet is not.
            compressed = Base64.getDecoder().decode(WHITESPACE.matcher(data.text()).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw data.fail("not base64 (" + e.getMessage() + ")", e);
        }
        byte[] elf = inflate(compressed, data);
        if (elf.length != declared) {
            throw size.fail("does not match the object (expected " + declared + ", got " + elf.length + ")");
        }
        return elf;
    }

    /** Inflates at most {@link #MAX_OBJECT_BYTES}, so that a small package cannot expand into gigabytes. */
    private static byte[] inflate(byte[] compressed, JsonField data) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw data.fail("not zlib data (truncated after " + out.size() + " bytes)");
                }
                if (out.size() + n > MAX_OBJECT_BYTES) {
                    throw data.fail("inflates to more than " + (MAX_OBJECT_BYTES >> 20) + " MiB");
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
