package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.TracerRegistry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@code /v1/health} (no token), {@code /metrics} (Prometheus text 0.0.4), {@code /v1/openapi.json}. */
final class ServiceController {
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENAPI = "/dev/polytrace/host/daemon/openapi.json";

    private final TracerRegistry registry;
    private final byte[] openApi;

    ServiceController(TracerRegistry registry) {
        this.registry = registry;
        this.openApi = resource(OPENAPI);
    }

    void register(Javalin app) {
        app.get(BearerAuth.HEALTH, ctx -> Responses.json(ctx, Map.of("status", "ok")));
        app.get("/metrics", this::metrics);
        app.get("/v1/openapi.json", ctx -> ctx.contentType(Responses.JSON).result(openApi));
    }

    private void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS).result(registry.metrics());
    }

    private static byte[] resource(String name) {
        try (InputStream in = ServiceController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
