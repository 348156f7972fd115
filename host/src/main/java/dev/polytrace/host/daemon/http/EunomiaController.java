package dev.polytrace.host.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.BufferedEvent;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.DeployRequest;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.RequestJson;
import dev.polytrace.host.daemon.TracerRegistry;
import dev.polytrace.host.daemon.TracerState;
import dev.polytrace.host.pkg.PackageNames;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * eunomia-bpf's server API where it is cheap ({@code ecli client}'s routes): {@code POST /task}
 * with a base64 {@code package.json}, {@code GET /task}, {@code POST /stop}, {@code POST /log}.
 * Tasks are the same tracers, named by their integer number; the bearer token is still required.
 */
final class EunomiaController {
    private static final int DEFAULT_LOG_ENTRIES = 1000;

    private final TracerRegistry registry;
    private final DaemonConfig config;

    EunomiaController(TracerRegistry registry, DaemonConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void register(Javalin app) {
        app.post("/task", this::start);
        app.get("/task", ctx -> Responses.json(ctx, taskList()));
        app.post("/stop", this::stop);
        app.post("/log", this::log);
        app.post("/pause", ctx -> unsupported());
        app.post("/resume", ctx -> unsupported());
    }

    private void start(Context ctx) {
        JsonNode body = RequestJson.object(RequestBody.read(ctx, config.maxBodyBytes()));
        String type = body.path("program_type").asText("");
        if (!type.equals("json")) {
            throw DaemonException.badRequest("unsupported_program_type", "program_type '" + type
                    + "': this server runs \"json\" (package.json) programs, not wasm or tar");
        }
        byte[] document;
        try {
            document = Base64.getDecoder().decode(body.path("program_data_buf").asText(""));
        } catch (IllegalArgumentException e) {
            throw DaemonException.badRequest("bad_request", "Invalid base64: " + e.getMessage());
        }
        String name = body.path("program_name").asText(null);
        if (name != null && !PackageNames.isValid(name)) {
            throw DaemonException.badRequest("bad_request", "program_name: " + PackageNames.problem(name));
        }
        DeployRequest request = new DeployRequest(new DeployRequest.Inline(document), Optional.ofNullable(name),
                ExtraArgs.params(body.get("extra_args")), Optional.empty(), Optional.empty());
        DeployedTracer tracer = registry.deploy(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", tracer.deployment().number());
        out.put("task_list", taskList());
        Responses.json(ctx, out);
    }

    private Map<String, Object> taskList() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (DeployedTracer t : registry.list()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.deployment().number());
            task.put("name", t.name());
            task.put("status", t.state() == TracerState.RUNNING ? "running" : "paused");
            tasks.add(task);
        }
        return Map.of("tasks", tasks);
    }

    private void stop(Context ctx) {
        DeployedTracer t = registry.byNumber(id(ctx, RequestJson.object(RequestBody.read(ctx, config.maxBodyBytes()))));
        registry.remove(t.id());
        Responses.json(ctx, Map.of());
    }

    private void log(Context ctx) {
        JsonNode body = RequestJson.object(RequestBody.read(ctx, config.maxBodyBytes()));
        DeployedTracer t = registry.byNumber(id(ctx, body));
        long cursor = body.path("log_cursor").asLong(0);
        int max = (int) Math.min(100_000, Math.max(1, body.path("maximum_count").asLong(DEFAULT_LOG_ENTRIES)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (BufferedEvent e : t.buffer().after(cursor - 1, max)) { // eunomia's cursor is inclusive
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("log", e.text());
            log.put("timestamp", e.timeMillis());
            log.put("log_type", "plain");
            out.add(Map.of("cursor", e.seq(), "log", log));
        }
        Responses.json(ctx, out);
    }

    private static long id(Context ctx, JsonNode body) {
        JsonNode id = body.get("id");
        if (id == null || !id.canConvertToLong()) {
            throw DaemonException.badRequest("bad_request", "expected {\"id\": N}");
        }
        return id.asLong();
    }

    private static void unsupported() {
        throw DaemonException.badRequest("unsupported", "tracers cannot be paused; stop and deploy again");
    }

    /** eunomia's {@code extra_args}: the tracer's command line, {@code --name value} / {@code --name=value} / {@code --flag}. */
    static final class ExtraArgs {
        private ExtraArgs() {
        }

        static Map<String, String> params(JsonNode args) {
            Map<String, String> params = new LinkedHashMap<>();
            if (args == null || !args.isArray()) {
                return params;
            }
            List<String> list = new ArrayList<>();
            args.forEach(a -> list.add(a.asText()));
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i);
                if (!arg.startsWith("-")) {
                    throw DaemonException.unprocessable("invalid_param", "extra_args: expected --name value, got "
                            + arg);
                }
                String name = arg.replaceFirst("^--?", "");
                int eq = name.indexOf('=');
                if (eq > 0) {
                    params.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < list.size() && !list.get(i + 1).startsWith("--")) {
                    params.put(name, list.get(++i));
                } else {
                    params.put(name, "true");
                }
            }
            return params;
        }
    }
}
