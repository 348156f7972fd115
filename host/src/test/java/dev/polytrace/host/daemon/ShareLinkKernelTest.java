package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Links: a deployed tracer's package at {@code GET /v1/packages/SHA256}, with the daemon's token
 * or the share token {@code polytrace share} prints, and the {@code #sha256=} pin on the other end.
 */
@KernelTest
class ShareLinkKernelTest {
    private static final Pattern COMMAND = Pattern.compile("polytrace run '(http://[^#']+)#sha256=([0-9a-f]{64})'\n");
    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws Exception {
        TestTracers.seq();
        daemon = DaemonFixture.start();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void shareGivesARunCommandWhoseLinkFetchesThisPackageOnly() throws Exception {
        byte[] request = TestTracers.request(TestTracers.seq());
        String id = daemon.deploy(request);
        String sha256 = ObjectEncoding.sha256(PackageWriter.canonical(TestTracers.seq()));

        CliRun share = CliRun.run("share", id, "--url", daemon.base.toString(), "--token-file",
                daemon.daemon.token().file().toString());
        assertEquals(0, share.exitCode(), share.err());
        Matcher m = COMMAND.matcher(share.out());
        assertTrue(m.matches(), share.out());
        String url = m.group(1);
        assertEquals(sha256, m.group(2));
        assertTrue(url.startsWith(daemon.base + "/v1/packages/" + sha256 + "?share="), url);

        HttpResponse<byte[]> fetched = get(url);
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(PackageWriter.canonical(TestTracers.seq()), PackageWriter.canonical(
                dev.polytrace.host.pkg.PackageReader.read(fetched.body(), url)), "the package as deployed");

        CliRun inspect = CliRun.run("inspect", url + "#sha256=" + sha256);
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().startsWith("seq "), inspect.out());
        String other = "0".repeat(64);
        CliRun pinned = CliRun.run("inspect", url + "#sha256=" + other);
        assertEquals(1, pinned.exitCode());
        assertEquals("polytrace: " + url + ": sha256 is " + sha256 + ", not the pinned " + other
                + "; refusing a package that is not the one the link names\n", pinned.err());

        CliRun run = CliRun.run("run", url + "#sha256=" + sha256, "--duration", "1s");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("polytrace: tracing seq: 1 program attached"), run.err());

        String token = url.substring(url.indexOf("?share=") + "?share=".length());
        assertEquals(401, get(url.replace(token, token.substring(1) + "A")).statusCode(), "a wrong token");
        assertEquals(401, get(daemon.base + "/v1/packages/" + other + "?share=" + token).statusCode(),
                "a token opens its own package only");
        assertEquals(401, get(daemon.base + "/v1/tracers?share=" + token).statusCode(), "and nothing else");
        assertEquals(200, daemon.get("/v1/packages/" + sha256).status(), "the daemon's token works too");

        assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
        Response gone = daemon.get("/v1/packages/" + sha256);
        assertEquals(404, gone.status());
        assertFalse(gone.body().contains("\"polytrace\""), gone.body());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
