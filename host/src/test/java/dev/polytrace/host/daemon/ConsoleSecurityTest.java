package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in and its defences, over HTTP and in a real browser: the page and its
 * assets need no token but nothing else works without one; the session cookie is HttpOnly and
 * SameSite=Strict; a change made with the cookie needs the CSRF header and must come from the
 * console's own origin, so a form on another site cannot make the browser change anything.
 */
class ConsoleSecurityTest {
    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws IOException {
        daemon = DaemonFixture.start();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void thePageAndItsAssetsNeedNoTokenAndCarryTheSecurityHeaders() {
        Response page = daemon.send("GET", "/", null, null);
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertFalse(page.body().contains("<script>"), "no inline script");

        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page.body());
        assertTrue(script.find(), page.body());
        Response js = daemon.send("GET", script.group(1), null, null);
        assertEquals(200, js.status());
        assertTrue(js.headers().firstValue("Cache-Control").orElse("").contains("immutable"));

        assertEquals(401, daemon.send("GET", "/assets/nothing-here.js", null, null).status(),
                "only the console's own files are public");
        assertEquals(401, daemon.send("GET", "/v1/tracers", null, null).status());
        assertEquals(401, daemon.send("GET", "/v1/console/session", null, null).status());
    }

    @Test
    void signingInGivesAnHttpOnlyStrictCookieAndChangesNeedTheCsrfHeaderFromTheSameOrigin() throws Exception {
        assertEquals(401, login(daemon.token + "x", Map.of()).status(), "a wrong token");
        assertEquals(400, daemon.client.send("POST", "/v1/console/login", tokenJson(daemon.token), null,
                Map.of("Content-Type", "text/plain")).status(), "a form on another site can send text/plain only");
        assertEquals(403, login(daemon.token, Map.of("Origin", "http://evil.example")).status());

        Response signedIn = login(daemon.token, Map.of("Origin", origin()));
        assertEquals(200, signedIn.status(), signedIn.toString());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"),
                setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertFalse(cookie.contains(daemon.token), "the cookie holds a session id, not the daemon's token");
        String csrf = signedIn.json().path("csrf").asText();

        assertEquals(200, withCookie("GET", "/v1/tracers", cookie, Map.of()).status(), "reads need the cookie only");
        Response noCsrf = withCookie("POST", "/v1/tracers", cookie, Map.of());
        assertEquals(403, noCsrf.status(), noCsrf.toString());
        assertEquals("csrf", noCsrf.json().path("error").asText());
        assertEquals(403, withCookie("POST", "/v1/tracers", cookie, Map.of("X-Polytrace-CSRF", csrf + "x")).status());
        assertEquals(403, withCookie("POST", "/v1/tracers", cookie, Map.of("X-Polytrace-CSRF", csrf,
                "Origin", "http://127.0.0.1:1")).status(), "another origin");
        assertEquals(403, withCookie("POST", "/v1/tracers", cookie, Map.of("X-Polytrace-CSRF", csrf,
                "Sec-Fetch-Site", "cross-site")).status());
        Response passes = withCookie("POST", "/v1/tracers", cookie, Map.of("X-Polytrace-CSRF", csrf, "Origin", origin(),
                "Sec-Fetch-Site", "same-origin"));
        assertEquals("bad_request", passes.json().path("error").asText(), "past the checks, to the route: " + passes);

        assertEquals(200, withCookie("POST", "/v1/console/logout", cookie, Map.of("X-Polytrace-CSRF", csrf)).status());
        assertEquals(401, withCookie("GET", "/v1/tracers", cookie, Map.of()).status(), "signing out ends the session");
        assertEquals(200, daemon.get("/v1/tracers").status(), "bearer clients are unaffected");
    }

    @Test
    void thePageRefusesToWorkWithoutTheTokenAndACrossSiteFormPostIsRejected() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String target = daemon.base + "/v1/console/logout";
        String deploy = daemon.base + "/v1/tracers";
        other.createContext("/", exchange -> {
            // another origin's page with forms aimed at the daemon, as a malicious site would have
            byte[] html = ("<!doctype html><form id=deploy method=post enctype=text/plain action='" + deploy + "'>"
                    + "<input type=hidden name='{\"package\":{\"polytrace\":1},\"x\":\"' value='\"}'>"
                    + "<button id=go>Win a prize</button></form>"
                    + "<form id=out method=post action='" + target + "'><button id=out-go>Sign out</button></form>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        other.start();
        try (ConsoleBrowser browser = ConsoleBrowser.start(1280, 800)) {
            browser.open(daemon.base + "/");
            browser.find("#token");
            assertTrue(browser.all("#tracers").isEmpty(), "nothing but the sign-in form");
            assertEquals(401L, browser.driver.executeAsyncScript(
                    "fetch('/v1/tracers').then(r => arguments[0](r.status))"), "the API refuses the page");
            browser.screenshot("01-sign-in");

            browser.find("#token").sendKeys("not-the-token");
            browser.find("form.login button[type=submit]").click();
            browser.awaitText("form.login", "Wrong token");

            browser.find("#token").clear();
            browser.find("#token").sendKeys(daemon.token);
            browser.find("form.login button[type=submit]").click();
            browser.find("#tracers");
            assertEquals("", browser.script("return document.cookie"), "the session cookie is HttpOnly");

            // The same browser, signed in, visits another origin's page and submits its form.
            browser.open("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            browser.find("#go").click();
            browser.await(d -> d.getCurrentUrl().startsWith(deploy) ? true : null, "the form's answer");
            String answer = browser.pageText();
            assertTrue(answer.contains("\"error\":\"cross_site\"") || answer.contains("\"error\":\"csrf\""), answer);
            assertEquals(0, daemon.tracerCount());

            browser.open("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            browser.find("#out-go").click();
            browser.await(d -> d.getCurrentUrl().startsWith(target) ? true : null, "the form's answer");
            assertTrue(browser.pageText().contains("cross_site"), browser.pageText());

            // still signed in: the forged sign-out did nothing
            browser.open(daemon.base + "/#/tracers");
            browser.find("#tracers");
            browser.find("#sign-out").click();
            browser.find("#token");
            assertEquals(401L, browser.driver.executeAsyncScript(
                    "fetch('/v1/tracers').then(r => arguments[0](r.status))"), "signed out: the cookie is gone");
            assertTrue(browser.severeLogs().stream().noneMatch(l -> l.contains("Content Security Policy")),
                    browser.severeLogs().toString());
        } finally {
            other.stop(0);
        }
    }

    private static String origin() {
        return "http://" + daemon.base.getHost() + ":" + daemon.base.getPort();
    }

    private static byte[] tokenJson(String token) {
        return ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Response login(String token, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return daemon.client.send("POST", "/v1/console/login", tokenJson(token), null, all);
    }

    private static Response withCookie(String method, String path, String cookie, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Cookie", cookie);
        byte[] body = method.equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        return daemon.client.send(method, path, body, null, all);
    }
}
