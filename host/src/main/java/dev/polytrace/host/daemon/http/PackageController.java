package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.ShareLinks;
import dev.polytrace.host.daemon.TracerRegistry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/packages/{sha256}}: the package document of a deployed tracer, as it was
 * deployed (signature included), by the canonical hash the tracer list shows; and
 * {@code POST /v1/tracers/{id}/share}: a link to it that works without the daemon's token.
 */
final class PackageController {
    static final String PACKAGES = "/v1/packages/";
    static final String SHARE_PARAM = "share";
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final TracerRegistry registry;
    private final ShareLinks links;

    PackageController(TracerRegistry registry, ShareLinks links) {
        this.registry = registry;
        this.links = links;
    }

    void register(Javalin app) {
        app.get(PACKAGES + "{sha256}", this::download);
        app.post("/v1/tracers/{id}/share", this::share);
    }

    private void download(Context ctx) {
        String sha256 = ctx.pathParam("sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw DaemonException.badRequest("bad_request", "expected the package's sha256: 64 lower-case hex digits");
        }
        DeployedTracer tracer = registry.list().stream()
                .filter(t -> t.deployment().sha256().filter(sha256::equals).isPresent())
                .findFirst().orElseThrow(() -> DaemonException.notFound("no package with sha256 " + sha256
                        + " is deployed here"));
        ctx.status(200).contentType(Responses.JSON).result(tracer.deployment().document());
    }

    private void share(Context ctx) {
        DeployedTracer tracer = registry.get(ctx.pathParam("id"));
        String sha256 = tracer.deployment().sha256().orElseThrow(() -> new DaemonException(
                DaemonException.Reason.CONFLICT, "no_package",
                "tracer " + tracer.id() + " was not restored: it has no package to share"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", tracer.id());
        body.put("sha256", sha256);
        body.put("token", links.token(sha256));
        body.put("path", PACKAGES + sha256 + "?" + SHARE_PARAM + "=" + links.token(sha256));
        Responses.json(ctx, body);
    }
}
