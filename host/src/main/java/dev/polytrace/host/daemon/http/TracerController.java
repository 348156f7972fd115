package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.DeployRequest;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.RequestJson;
import dev.polytrace.host.daemon.SwapRequest;
import dev.polytrace.host.daemon.TracerMaps;
import dev.polytrace.host.daemon.TracerRegistry;
import dev.polytrace.host.daemon.TracerView;
import dev.polytrace.host.maps.MapJson;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapText;
import dev.polytrace.host.script.HandOver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v1/tracers}: deploy, list, show, stop, hot-swap, params, maps. Thin: the registry decides. */
final class TracerController {
    private final TracerRegistry registry;
    private final DaemonConfig config;

    TracerController(TracerRegistry registry, DaemonConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void register(Javalin app) {
        app.post("/v1/tracers", this::deploy);
        app.get("/v1/tracers", this::list);
        app.get("/v1/tracers/{id}", this::show);
        app.delete("/v1/tracers/{id}", this::stop);
        app.put("/v1/tracers/{id}/handler", this::swap);
        app.patch("/v1/tracers/{id}/params", this::params);
        app.get("/v1/tracers/{id}/maps", this::maps);
        app.get("/v1/tracers/{id}/maps/{map}", this::map);
    }

    private void deploy(Context ctx) {
        DeployRequest request = DeployRequest.parse(RequestBody.read(ctx, config.maxBodyBytes()), config.urlFetch());
        DeployedTracer tracer = registry.deploy(request);
        ctx.header("Location", "/v1/tracers/" + tracer.id());
        Responses.json(ctx, 201, TracerView.detail(tracer));
    }

    private void list(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tracers", registry.list().stream().map(TracerView::summary).toList());
        body.put("maxTracers", registry.maxTracers());
        Responses.json(ctx, body);
    }

    private void show(Context ctx) {
        Responses.json(ctx, TracerView.detail(registry.get(ctx.pathParam("id"))));
    }

    private void stop(Context ctx) {
        Responses.json(ctx, TracerView.detail(registry.remove(ctx.pathParam("id"))));
    }

    private void swap(Context ctx) {
        String id = ctx.pathParam("id");
        registry.get(id); // 400 / 404 before reading a body
        byte[] body = RequestBody.read(ctx, config.maxBodyBytes());
        long start = System.nanoTime();
        HandOver handOver = registry.swapHandler(id, SwapRequest.parse(body));
        Map<String, Object> view = TracerView.detail(registry.get(id));
        view.put("swapMillis", Math.round((System.nanoTime() - start) / 1e5) / 10.0);
        view.put("handOver", TracerView.handOver(handOver));
        Responses.json(ctx, view);
    }

    private void params(Context ctx) {
        String id = ctx.pathParam("id");
        registry.get(id);
        byte[] body = RequestBody.read(ctx, config.maxBodyBytes());
        DeployedTracer tracer = registry.setParams(id, RequestJson.params(RequestJson.object(body), "params"));
        Responses.json(ctx, Map.of("id", id, "params", TracerView.params(tracer)));
    }

    private void maps(Context ctx) {
        DeployedTracer tracer = registry.get(ctx.pathParam("id"));
        Responses.json(ctx, Map.of("maps", TracerMaps.list(tracer)));
    }

    /** {@code ?format=entries} (default) the decoded entries; {@code text} or {@code report} as run prints the map. */
    private void map(Context ctx) {
        DeployedTracer tracer = registry.get(ctx.pathParam("id"));
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("entries");
        switch (format) {
            case "entries" -> {
                int limit = QueryParams.intParam(ctx, "limit", 1000, 1, 100_000);
                Responses.json(ctx, TracerMaps.read(tracer, ctx.pathParam("map"), limit));
            }
            case "text", "report" -> {
                int top = QueryParams.intParam(ctx, "top", MapReports.DEFAULT_TOP, 0, 100_000);
                MapReport report = TracerMaps.report(tracer, ctx.pathParam("map"), top);
                if (format.equals("text")) {
                    ctx.contentType("text/plain; charset=utf-8").result(MapText.render(report));
                } else {
                    Responses.json(ctx, MapJson.record(report));
                }
            }
            default -> throw DaemonException.badRequest("bad_request", "format must be entries, text or report");
        }
    }
}
