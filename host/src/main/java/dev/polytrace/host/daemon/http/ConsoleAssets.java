package dev.polytrace.host.daemon.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The web console's files, built into the jar by the Maven build ({@code host/src/main/console}):
 * {@code /} is its page, {@code /assets/NAME} its scripts, styles and icon, named by their content
 * hash so they can be cached for good. They are read once, at start, from the list the build
 * writes ({@code files.txt}); nothing else is served, and they hold no secret, so they need no
 * token. Every answer of the daemon carries the security headers: a page of the console runs only
 * its own scripts and talks only to its daemon, and no other site can frame it.
 */
final class ConsoleAssets {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String ROOT = "/dev/polytrace/host/console/";
    private static final String ASSETS = "/assets/";

    private record Asset(byte[] bytes, String type) {
    }

    private final Map<String, Asset> files;

    private ConsoleAssets(Map<String, Asset> files) {
        this.files = files;
    }

    /** The console in this jar; none when the build skipped it ({@code -Dpolytrace.console.skip}). */
    static ConsoleAssets load() {
        Map<String, Asset> files = new HashMap<>();
        byte[] list = resource("files.txt");
        if (list != null) {
            for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
                name = name.strip();
                if (name.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?")) {
                    byte[] bytes = resource(name);
                    if (bytes != null) {
                        files.put(name, new Asset(bytes, type(name)));
                    }
                }
            }
        }
        return new ConsoleAssets(Map.copyOf(files));
    }

    void register(Javalin app) {
        app.before(ConsoleAssets::securityHeaders);
        app.get("/", ctx -> serve(ctx, "index.html", "no-cache"));
        app.get(ASSETS + "{file}", ctx -> serve(ctx, "assets/" + ctx.pathParam("file"),
                "public, max-age=31536000, immutable"));
    }

    /** The console's page and assets need no token. */
    boolean isPublic(Context ctx) {
        String path = ctx.path();
        if (!"GET".equals(ctx.method().name()) && !"HEAD".equals(ctx.method().name())) {
            return false;
        }
        return path.equals("/") ? files.containsKey("index.html")
                : path.startsWith(ASSETS) && files.containsKey(path.substring(1));
    }

    private void serve(Context ctx, String name, String cacheControl) {
        Asset asset = files.get(name);
        if (asset == null) {
            throw dev.polytrace.host.daemon.DaemonException.notFound(name.equals("index.html")
                    ? "this build of polytrace has no web console (it was built with -Dpolytrace.console.skip)"
                    : "no console file " + name);
        }
        ctx.header("Cache-Control", cacheControl);
        ctx.contentType(asset.type()).result(asset.bytes());
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static String type(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json";
            case "map" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
