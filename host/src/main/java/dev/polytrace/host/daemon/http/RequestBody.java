package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.input.LimitedRead;
import io.javalin.http.Context;
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
            return LimitedRead.readAll(in, maxBytes, declared, () -> tooLarge(maxBytes));
        } catch (IOException e) {
            throw DaemonException.badRequest("bad_request", "cannot read the request body: " + e.getMessage());
        }
    }

    private static DaemonException tooLarge(int maxBytes) {
        return new DaemonException(DaemonException.Reason.TOO_LARGE, "too_large",
                "the request body is larger than " + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes"));
    }
}
