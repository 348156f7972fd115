package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.DaemonException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to the daemon's limit: a declared length over it is refused before
 * reading, a chunked body as soon as it passes it.
 */
final class RequestBody {
    private RequestBody() {
    }

    static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 1 << 20)));
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (out.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw DaemonException.badRequest("bad_request", "cannot read the request body: " + e.getMessage());
        }
    }

    private static DaemonException tooLarge(int maxBytes) {
        return new DaemonException(DaemonException.Reason.TOO_LARGE, "too_large",
                "the request body is larger than " + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes"));
    }
}
