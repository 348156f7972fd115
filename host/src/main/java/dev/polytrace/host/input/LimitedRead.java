package dev.polytrace.host.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Reads a stream from a user or the network to its end, refusing it as soon as it passes a limit,
 * so that an endless or oversized one never fills the heap.
 */
public final class LimitedRead {
    private static final int CHUNK = 64 * 1024;

    private LimitedRead() {
    }

    /**
     * The stream's bytes, or {@code tooLarge}'s exception once more than {@code limit} of them came.
     *
     * @param expected the length announced (a Content-Length), to size the buffer; 0 when not known
     */
    public static byte[] readAll(InputStream in, long limit, long expected, Supplier<? extends RuntimeException> tooLarge)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(expected, 1 << 20)));
        byte[] chunk = new byte[CHUNK];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            if (out.size() + n > limit) {
                throw tooLarge.get();
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
