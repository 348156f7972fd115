package dev.polytrace.host.daemon.http;

import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.Json;
import dev.polytrace.host.daemon.TracerRegistry;
import dev.polytrace.host.daemon.console.PackageLookup;
import dev.polytrace.host.daemon.console.PackageSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the console shows of packages: {@code GET /v1/bundled} (the bundled tracers),
 * {@code POST /v1/packages/describe} (a package's programs, maps, typed params, outputs and handler,
 * before deploying it; {@link PackageLookup} finds it) and {@code GET /v1/tracers/{id}/package}
 * (the same for a deployed tracer, with the handler it runs now).
 */
final class PackageInfoController {
    private final TracerRegistry registry;
    private final DaemonConfig config;

    PackageInfoController(TracerRegistry registry, DaemonConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void register(Javalin app) {
        app.get("/v1/bundled", this::bundled);
        app.post("/v1/packages/describe", this::describe);
        app.get("/v1/tracers/{id}/package", this::deployed);
    }

    private void bundled(Context ctx) {
        Responses.json(ctx, Map.of("tracers", BundledTracers.list().stream()
                .map(e -> Map.of("name", e.name(), "description", e.description())).toList()));
    }

    private void describe(Context ctx) {
        PackageLookup.Found found = PackageLookup.find(RequestBody.read(ctx, config.maxBodyBytes()), config.urlFetch());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("origin", found.origin());
        body.put("sha256", found.sha256());
        body.put("package", PackageSummary.of(found.pkg(), found.pkg().handler()));
        try {
            body.put("document", Json.MAPPER.readTree(found.document()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // it was read as a package a moment ago
        }
        Responses.json(ctx, body);
    }

    private void deployed(Context ctx) {
        DeployedTracer tracer = registry.get(ctx.pathParam("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", tracer.id());
        body.put("package", PackageSummary.of(tracer.deployment().requirePackage(),
                tracer.deployment().runningHandler()));
        Responses.json(ctx, body);
    }
}
