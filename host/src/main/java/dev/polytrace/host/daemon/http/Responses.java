package dev.polytrace.host.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.polytrace.host.daemon.Json;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** JSON responses, written with the daemon's mapper. */
final class Responses {
    static final String JSON = "application/json";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON).result(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }
}
