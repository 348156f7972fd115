package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.ShareLinks;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Every request but {@code GET /v1/health} needs {@code Authorization: Bearer TOKEN}; the check
 * runs before routing, so unknown paths answer 401 too and reveal nothing. The other credentials
 * are a share token, good for {@code GET /v1/packages/SHA256} of its own package only, and the web
 * console's session cookie ({@link ConsoleAuth}); the console's page and sign-in need none.
 */
final class BearerAuth {
    static final String HEALTH = "/v1/health";
    private static final String SCHEME = "Bearer ";

    private final ApiToken token;
    private final ShareLinks links;
    private final ConsoleAuth console;
    private final ConsoleAssets assets;

    BearerAuth(ApiToken token, ShareLinks links, ConsoleAuth console, ConsoleAssets assets) {
        this.token = token;
        this.links = links;
        this.console = console;
        this.assets = assets;
    }

    void register(Javalin app) {
        app.before(this::check);
    }

    private void check(Context ctx) {
        if (ctx.path().equals(HEALTH) || isSharedDownload(ctx) || assets.isPublic(ctx) || console.isLogin(ctx)) {
            return;
        }
        String header = ctx.header("Authorization");
        if ((header == null || header.isBlank()) && console.admits(ctx)) {
            return;
        }
        if (header == null || header.isBlank()) {
            throw unauthorized(ctx, "missing Authorization: Bearer TOKEN (the token is in the daemon's token file)");
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !token.matches(header.substring(SCHEME.length()).strip())) {
            throw unauthorized(ctx, "wrong token");
        }
    }

    private boolean isSharedDownload(Context ctx) {
        String presented = ctx.queryParam(PackageController.SHARE_PARAM);
        if (presented == null || !"GET".equals(ctx.method().name()) || !ctx.path().startsWith(PackageController.PACKAGES)) {
            return false;
        }
        String sha256 = ctx.path().substring(PackageController.PACKAGES.length());
        return PackageController.SHA256.matcher(sha256).matches() && links.admits(sha256, presented);
    }

    private static DaemonException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"polytrace\"");
        return new DaemonException(DaemonException.Reason.UNAUTHORIZED, "unauthorized", detail);
    }
}
