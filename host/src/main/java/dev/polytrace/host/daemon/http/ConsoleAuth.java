package dev.polytrace.host.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.RequestJson;
import dev.polytrace.host.daemon.console.ConsoleSessions;
import dev.polytrace.host.daemon.console.ConsoleSessions.Session;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's sign-in: {@code POST /v1/console/login} with the daemon's token gives a session
 * cookie (HttpOnly, SameSite=Strict) and a CSRF token; {@code GET /v1/console/session} gives the
 * CSRF token again to a page that was reloaded; {@code POST /v1/console/logout} ends the session.
 *
 * <p>A request with no Authorization header but the cookie is let in by {@link #admits}, and one
 * that changes something must also carry the session's CSRF token in {@value #CSRF_HEADER} and
 * must not come from another site ({@code Origin}, {@code Sec-Fetch-Site}): a page elsewhere can
 * make the browser post a form here, but cannot read the token nor set the header. Bearer-token
 * clients are unaffected.
 */
final class ConsoleAuth {
    static final String LOGIN = "/v1/console/login";
    static final String COOKIE = "polytrace_console";
    static final String CSRF_HEADER = "X-Polytrace-CSRF";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiToken token;
    private final ConsoleSessions sessions;

    ConsoleAuth(ApiToken token, ConsoleSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    void register(Javalin app) {
        app.post(LOGIN, this::login);
        app.get("/v1/console/session", this::session);
        app.post("/v1/console/logout", this::logout);
    }

    boolean isLogin(Context ctx) {
        return ctx.path().equals(LOGIN) && "POST".equals(ctx.method().name());
    }

    /**
     * Whether the session cookie lets this request in; a request with the cookie that changes
     * something without the CSRF token, or from another site, is refused (403) rather than passed
     * on to the bearer check.
     */
    boolean admits(Context ctx) {
        Optional<Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            return false;
        }
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            requireSameSite(ctx);
            if (!session.get().acceptsCsrf(ctx.header(CSRF_HEADER))) {
                throw new DaemonException(DaemonException.Reason.FORBIDDEN, "csrf",
                        "a change made with the console's cookie needs its " + CSRF_HEADER + " header");
            }
        }
        return true;
    }

    private void login(Context ctx) {
        requireSameSite(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith(Responses.JSON)) {
            // a form on another site can post text/plain or form data, never JSON without CORS
            throw DaemonException.badRequest("bad_request", "sign in with a JSON body {\"token\": ...}");
        }
        JsonNode body = RequestJson.object(RequestBody.read(ctx, 4096));
        String presented = body.path("token").asText("").strip();
        if (!token.matches(presented)) {
            throw new DaemonException(DaemonException.Reason.UNAUTHORIZED, "unauthorized",
                    "wrong token (it is in the daemon's token file, STATE_DIR/token)");
        }
        Session s = sessions.open();
        ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + ConsoleSessions.LIFETIME.toSeconds() + (ctx.scheme().equals("https") ? "; Secure" : ""));
        ctx.header("Cache-Control", "no-store");
        Responses.json(ctx, view(s));
    }

    private void session(Context ctx) {
        Session s = sessions.find(ctx.cookie(COOKIE)).orElseThrow(() -> new DaemonException(
                DaemonException.Reason.UNAUTHORIZED, "unauthorized", "not signed in to the console"));
        ctx.header("Cache-Control", "no-store");
        Responses.json(ctx, view(s));
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(COOKIE));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        Responses.json(ctx, Map.of("signedOut", true));
    }

    private static Map<String, Object> view(Session s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("csrf", s.csrf());
        out.put("expires", s.expires().toString());
        return out;
    }

    /**
     * Browsers say where a request comes from: {@code Sec-Fetch-Site} (same-origin, same-site,
     * cross-site, none) and {@code Origin} on every POST, PUT, PATCH and DELETE. Clients that send
     * neither (curl) are not browsers a page could steer.
     */
    private static void requireSameSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw crossSite("Sec-Fetch-Site: " + site);
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ctx.scheme() + "://" + ctx.host())) {
            throw crossSite("Origin: " + origin);
        }
    }

    private static DaemonException crossSite(String why) {
        return new DaemonException(DaemonException.Reason.FORBIDDEN, "cross_site",
                "the console's routes take changes from its own pages only (" + why + ")");
    }
}
