package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.DaemonException;
import io.javalin.http.Context;

/** Checked query parameters: a bad one is a 400 naming it and its range. */
final class QueryParams {
    private QueryParams() {
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        long v = longParam(ctx, name, fallback, min, max);
        return (int) v;
    }

    static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) {
                throw DaemonException.badRequest("bad_request", name + " must be " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw DaemonException.badRequest("bad_request", name + " must be an integer");
        }
    }
}
