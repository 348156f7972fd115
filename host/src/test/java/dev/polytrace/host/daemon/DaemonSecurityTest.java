package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests the daemon must refuse, each with the right status and JSON error, without a stack
 * trace and without anything deployed. Nothing here reaches the kernel, so no root is needed.
 */
class DaemonSecurityTest {
    private static DaemonFixture daemon;

    @BeforeAll
    static void start() throws IOException {
        daemon = DaemonFixture.start(c -> c.withMaxBodyBytes(1 << 20));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void nothingDeployed() {
        assertEquals(0, daemon.tracerCount());
    }

    @Test
    void theTokenFileIsPrivateAndLongEnough() throws IOException {
        Path file = daemon.daemon.token().file();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(daemon.token.length() >= 40, daemon.token);
        assertFalse(daemon.daemon.token().isExposed());
    }

    @Test
    void everyRouteButHealthNeedsTheToken() {
        for (String path : List.of("/v1/tracers", "/v1/tracers/t-abc", "/metrics", "/v1/openapi.json", "/task",
                "/no/such/route")) {
            Response none = daemon.send("GET", path, null, null);
            assertError(none, 401, "unauthorized");
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
            assertError(daemon.send("GET", path, null, "Bearer " + daemon.token + "x"), 401, "unauthorized");
            assertError(daemon.send("GET", path, null, "Basic " + daemon.token), 401, "unauthorized");
        }
        assertError(daemon.send("POST", "/v1/tracers", "{}".getBytes(StandardCharsets.UTF_8), null), 401, "unauthorized");
        Response health = daemon.send("GET", "/v1/health", null, null);
        assertEquals(200, health.status());
        assertEquals("ok", health.json().path("status").asText());
        assertEquals(200, daemon.send("GET", "/v1/tracers", null, "bearer " + daemon.token).status(),
                "the scheme is case-insensitive");
    }

    @Test
    void malformedJsonIs400() {
        assertError(daemon.post("/v1/tracers", "{\"polytrace\": 1,"), 400, "malformed_json");
        assertError(daemon.post("/v1/tracers", "not json"), 400, "malformed_json");
        assertError(daemon.post("/v1/tracers", ""), 400, "malformed_json");
        assertError(daemon.post("/v1/tracers", "{\"a\":1,\"a\":2}"), 400, "malformed_json");
        assertError(daemon.post("/v1/tracers", "[1, 2]"), 400, "bad_request");
        assertError(daemon.post("/v1/tracers", "{\"url\": \"file:///etc/passwd\"}"), 400, "bad_request");
        assertError(daemon.post("/v1/tracers", "{\"bundled\": \"../../etc/passwd\"}"), 400, "bad_request");
        assertError(daemon.post("/v1/tracers", "{\"pacakge\": {}}"), 400, "bad_request");
        assertError(daemon.post("/task", "{\"program_type\": \"json\", \"program_data_buf\": \"***\"}"), 400,
                "bad_request");
    }

    @Test
    void aBadPackageIs400WithItsJsonPath() {
        Response r = daemon.post("/v1/tracers", "{\"polytrace\": 1, \"name\": \"x\"}");
        assertError(r, 400, "bad_package");
        assertTrue(r.json().path("detail").asText().contains("$."), r.toString());
        assertError(daemon.post("/v1/tracers", "{\"package\": {\"polytrace\": 1}}"), 400, "bad_package");
        assertError(daemon.post("/v1/tracers", "{\"package\": 5}"), 400, "bad_package");
        Response eunomia = daemon.post("/task", "{\"program_type\": \"json\", \"program_data_buf\": \"e30\"}");
        assertError(eunomia, 400, "bad_package");
        assertTrue(eunomia.json().has("message"), "eunomia clients read 'message'");
        assertError(daemon.post("/task", "{\"program_type\": \"wasm\", \"program_data_buf\": \"e30\"}"), 400,
                "unsupported_program_type");
    }

    @Test
    void aCorruptedObjectIsRefused() throws IOException {
        TracerPackage pkg = TestTracers.seq();
        String doc = new String(TestTracers.document(pkg), StandardCharsets.UTF_8);
        String corrupted = doc.replace(pkg.object().sha256(), "0".repeat(64));
        assertError(daemon.post("/v1/tracers", corrupted), 400, "bad_package");
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        byte[] big = new byte[(1 << 20) + 1];
        Arrays.fill(big, (byte) ' ');
        // Over raw sockets: the daemon answers without reading the rest and may then reset the
        // connection, which HttpClient, still sending, can report instead of the answer.
        // A declared length over the limit is refused without reading the body.
        RawHttp.Answer declared = RawHttp.exchange(daemon.base, "POST /v1/tracers HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + daemon.token + "\r\nContent-Length: " + big.length + "\r\n\r\n",
                out -> out.write(big));
        assertEquals(413, declared.status(), declared.toString());
        assertTrue(declared.body().contains("\"too_large\""), declared.toString());
        // A chunked body, which declares nothing, is refused once it passes the limit.
        RawHttp.Answer chunked = RawHttp.exchange(daemon.base, "POST /v1/tracers HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + daemon.token + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> writeChunked(out, big));
        assertEquals(413, chunked.status(), chunked.toString());
        assertTrue(chunked.body().contains("\"too_large\""), chunked.toString());
    }

    private static void writeChunked(OutputStream out, byte[] body) throws IOException {
        int chunk = 64 << 10;
        for (int from = 0; from < body.length; from += chunk) {
            int n = Math.min(chunk, body.length - from);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, from, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void oversizedHeadersAre431AsJson() throws IOException {
        RawHttp.Answer r = RawHttp.exchange(daemon.base, "GET /v1/tracers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + daemon.token + "\r\nX-Big: " + "a".repeat(16 << 10) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, r.status(), r.toString());
        assertTrue(r.body().contains("\"error\":\"headers_too_large\""), r.toString());
    }

    @Test
    void namesWithEscapesOrHalfAMegabyteLongAreRefusedWhereverTheyEnter() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                DaemonFixture.JSON.readTree(TestTracers.document(TestTracers.seq()));
        for (String bad : List.of("\u001b[2Jseq", "seq\n2025 INFO forged", "s".repeat(1 << 19))) {
            doc.put("name", bad);
            Response r = daemon.post("/v1/tracers", doc.toString());
            assertError(r, 400, "bad_package");
            assertTrue(r.json().path("detail").asText().contains("$.name: must"), r.toString());
            assertTrue(r.body().length() < 1000, "the answer does not repeat the name");
            assertError(daemon.post("/v1/tracers", DaemonFixture.JSON.writeValueAsString(
                    Map.of("bundled", "execsnoop", "name", bad))), 400, "bad_request");
            assertError(daemon.post("/task", DaemonFixture.JSON.writeValueAsString(Map.of("program_type", "json",
                    "program_data_buf", "e30", "program_name", bad))), 400, "bad_request");
        }
        assertTrue(daemon.get("/metrics").body().length() < 100_000);
    }

    @Test
    void idsThatCannotBeIdsAre400AndUnknownOnes404() {
        assertError(daemon.get("/v1/tracers/T-UPPER"), 400, "invalid_id");
        assertError(daemon.get("/v1/tracers/" + "a".repeat(41)), 400, "invalid_id");
        assertError(daemon.get("/v1/tracers/t-nosuchtracer"), 404, "not_found");
        assertError(daemon.delete("/v1/tracers/t-nosuchtracer"), 404, "not_found");
        assertError(daemon.get("/v1/tracers/t-nosuchtracer/events?limit=1"), 404, "not_found");
        assertError(daemon.put("/v1/tracers/t-nosuchtracer/handler", "{}".getBytes(StandardCharsets.UTF_8)), 404,
                "not_found");
        for (String path : List.of("/v1/tracers/..%2F..%2Fetc%2Fpasswd", "/v1/tracers/%2e%2e", "/v1/tracers/..;/x",
                "/v1/tracers/t-x%00", "/v1/tracers/t-abc/maps/..%2F..%2Fetc")) {
            int status = rawStatus(path);
            assertTrue(status == 400 || status == 404, path + " -> " + status);
        }
    }

    @Test
    void underRequireSignatureOnlySignedPackagesAreTaken(@org.junit.jupiter.api.io.TempDir Path keys)
            throws IOException {
        KeyPair trusted = Ed25519Keys.generate();
        Ed25519Keys.write(trusted, keys, "release");
        Path other = keys.resolve("elsewhere");
        KeyPair untrusted = Ed25519Keys.generate();
        Ed25519Keys.write(untrusted, other, "release");
        try (DaemonFixture strict = DaemonFixture.start(c -> c.withTrustedKeys(keys))) {
            TracerPackage pkg = TestTracers.seq();
            Response unsigned = strict.post("/v1/tracers", TestTracers.document(pkg));
            assertError(unsigned, 403, "bad_signature");
            assertTrue(unsigned.json().path("detail").asText().contains("not signed"), unsigned.toString());
            TracerPackage byOther = PackageSigner.sign(pkg, untrusted.getPrivate(), "release");
            assertError(strict.post("/v1/tracers", TestTracers.document(byOther)), 403, "bad_signature");
            TracerPackage unknownKey = PackageSigner.sign(pkg, trusted.getPrivate(), "nobody");
            assertError(strict.post("/v1/tracers", TestTracers.document(unknownKey)), 403, "bad_signature");
            TracerPackage signed = PackageSigner.sign(pkg, trusted.getPrivate(), "release");
            com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                    DaemonFixture.JSON.readTree(TestTracers.document(signed));
            doc.put("description", "tampered");
            String tampered = doc.toString();
            assertError(strict.post("/v1/tracers", tampered), 403, "bad_signature");
            assertError(strict.post("/v1/tracers", TestTracers.request(signed, Map.of("handler",
                    Map.of("language", "js", "source", "export function onEvent(e, ctx) {}")))), 403, "signature_required");
            assertEquals(0, strict.tracerCount());
        }
    }

    @Test
    void errorsNeverCarryAStackTrace() {
        for (Response r : List.of(daemon.post("/v1/tracers", "{\"polytrace\": \"one\"}"),
                daemon.send("PATCH", "/v1/tracers", "{}".getBytes(StandardCharsets.UTF_8)),
                daemon.get("/v1/nothing"))) {
            assertFalse(r.body().contains("\tat ") || r.body().contains("Exception"), r.toString());
            assertTrue(r.json().has("error") && r.json().has("detail"), r.toString());
        }
    }

    private static void assertError(Response r, int status, String error) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().path("error").asText(), r.toString());
        assertTrue(r.json().has("detail"), r.toString());
        assertFalse(r.body().contains("\tat "), r.toString());
    }

    /** The status of a request sent byte for byte, so no client normalizes the path first. */
    private static int rawStatus(String path) {
        try {
            RawHttp.Answer r = RawHttp.exchange(daemon.base, "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + daemon.token + "\r\nConnection: close\r\n\r\n");
            assertFalse(r.body().contains("\tat "), r.toString());
            return r.status();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
