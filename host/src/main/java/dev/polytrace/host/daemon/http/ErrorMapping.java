package dev.polytrace.host.daemon.http;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.VerifierException;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.pkg.PackageFormatException;
import dev.polytrace.host.pkg.PackageSourceException;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.script.codec.CodecException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP answers: a status and {@code {"error": CODE, "detail": TEXT}},
 * never a stack trace. eunomia-bpf's routes also get {@code "message"}, the field its clients read.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon.http");
    private static final Set<String> EUNOMIA_PATHS = Set.of("/task", "/stop", "/log", "/pause", "/resume");

    private ErrorMapping() {
    }

    /** An answer: HTTP status, error code, detail. */
    record Failure(int status, String error, String detail) {
    }

    static void register(Javalin app) {
        app.exception(Exception.class, (e, ctx) -> write(ctx, failure(e)));
        // Routing failures Javalin answers itself (as text): put them in our shape too.
        app.error(404, ctx -> {
            if (!isJson(ctx)) {
                write(ctx, new Failure(404, "not_found", "no such route: " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> {
            if (!isJson(ctx)) {
                write(ctx, new Failure(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Responses.JSON);
    }

    static Failure failure(Throwable e) {
        return switch (e) {
            case DaemonException d -> new Failure(status(d.reason()), d.code(), d.getMessage());
            case PackageFormatException p -> new Failure(400, "bad_package", p.getMessage());
            case PackageSourceException p -> new Failure(400, "package_source", p.getMessage());
            case UserError u -> new Failure(422, "invalid", u.getMessage());
            case HandlerException h -> new Failure(422, "handler_failed", h.getMessage());
            case VerifierException v -> new Failure(422, "load_failed",
                    "the kernel's verifier rejected the program: " + v.summary());
            case BpfException b -> new Failure(422, "load_failed", b.getMessage());
            case CodecException c -> new Failure(422, "decode_failed", c.getMessage());
            case HttpResponseException h -> new Failure(h.getStatus(), code(h.getStatus()), h.getMessage());
            default -> {
                LOG.error("internal error", e);
                yield new Failure(500, "internal", "internal error (" + e.getClass().getSimpleName()
                        + "); the daemon's log has the details");
            }
        };
    }

    static void write(Context ctx, Failure f) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", f.error());
        body.put("detail", f.detail());
        if (EUNOMIA_PATHS.contains(ctx.path())) {
            body.put("message", f.detail());
        }
        Responses.json(ctx, f.status(), body);
    }

    private static int status(DaemonException.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            default -> "http_" + status;
        };
    }
}
