package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the state directory holds is checked as a deploy request is, whoever wrote it: tracers
 * written there by hand, or kept under other flags, that fail a check are listed as failed with
 * the reason and nothing of them runs. Every case fails before anything is loaded, so no kernel is
 * needed (and none is touched).
 */
class StateRestoreTest {
    private static final PackageHandler JS = new PackageHandler("js", "h.js",
            "export function onEvent(e, ctx) { ctx.emit(e); }");
    /** Unsigned (withHandler drops the signature), with a JS handler of its own. */
    private static final TracerPackage UNSIGNED = TestPackages.execsnoop().withHandler(JS);

    @TempDir
    Path dir;

    @Test
    void underRequireSignatureAnUnsignedTracerInTheStateIsReportedNotRun() throws Exception {
        Path state = dir.resolve("state");
        String id = "t-handmade01";
        store(state, id, PackageWriter.write(UNSIGNED), d -> { });
        Path keys = keys();
        try (DaemonFixture daemon = DaemonFixture.start(dir, c -> c.withStateDir(state).withTrustedKeys(keys))) {
            assertFailed(daemon, id, "not signed");
            assertTrue(daemon.daemon.tracers().get(id).running().isEmpty(), "nothing was loaded");
            Response same = daemon.post("/v1/tracers", PackageWriter.write(UNSIGNED));
            assertEquals(403, same.status(), "the same package, deployed: " + same);
        }
    }

    @Test
    void underRequireSignatureAHandlerBesideASignedPackageIsReportedNotRun() throws Exception {
        Path keys = keys();
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, dir.resolve("own"), "release");
        Files.copy(dir.resolve("own/release.pub"), keys.resolve("release.pub"));
        TracerPackage signed = PackageSigner.sign(TestPackages.execsnoop().withHandler(JS), pair.getPrivate(),
                "release");
        Path state = dir.resolve("state");
        store(state, "t-handmade02", PackageWriter.write(signed), d -> d.putObject("handler").put("language", "js")
                .put("fileName", "evil.js").put("source", "export function onEvent(e, ctx) {}"));
        try (DaemonFixture daemon = DaemonFixture.start(dir, c -> c.withStateDir(state).withTrustedKeys(keys))) {
            assertFailed(daemon, "t-handmade02", "not covered by its signature");
        }
    }

    @Test
    void brokenOrInconsistentStateFilesAreReportedNeverGuessed() throws Exception {
        Path state = dir.resolve("state");
        byte[] pkg = PackageWriter.write(UNSIGNED);
        Map<String, String> expected = new LinkedHashMap<>();
        writeRaw(state, "t-empty", pkg, new byte[0]);
        expected.put("t-empty", "deployment.json: the file is empty");
        byte[] whole = deployment("t-cut", pkg, d -> { }).getBytes(StandardCharsets.UTF_8);
        writeRaw(state, "t-cut", pkg, Arrays.copyOf(whole, whole.length / 2));
        expected.put("t-cut", "deployment.json: not JSON, or cut short");
        writeRaw(state, "t-nodeploy", pkg, null);
        expected.put("t-nodeploy", "deployment.json: missing");
        writeRaw(state, "t-nopackage", null, deployment("t-nopackage", pkg, d -> { }).getBytes(StandardCharsets.UTF_8));
        expected.put("t-nopackage", "package.json: missing");
        writeRaw(state, "t-cutpackage", Arrays.copyOf(pkg, pkg.length / 2),
                deployment("t-cutpackage", pkg, d -> { }).getBytes(StandardCharsets.UTF_8));
        expected.put("t-cutpackage", "truncated JSON");
        store(state, "t-othersha", pkg, d -> d.put("sha256", "0".repeat(64)));
        expected.put("t-othersha", "package.json's sha256 is");
        store(state, "t-otherid", pkg, d -> d.put("id", "t-someone"));
        expected.put("t-otherid", "id is not t-otherid");
        store(state, "t-badname", pkg, d -> d.put("name", "\u001b[2J"));
        expected.put("t-badname", "name must be");
        store(state, "t-nonumber", pkg, d -> d.remove("number"));
        expected.put("t-nonumber", "number: missing");
        store(state, "t-noparams", pkg, d -> d.remove("params"));
        expected.put("t-noparams", "params: missing");
        store(state, "t-badparam", pkg, d -> d.putObject("params").put("no_such_param", "1"));
        expected.put("t-badparam", "no_such_param");
        store(state, "t-typo", pkg, d -> d.put("parms", "{}"));
        expected.put("t-typo", "unknown field 'parms'");
        store(state, "t-when", pkg, d -> d.put("created", "yesterday"));
        expected.put("t-when", "created: not a time");
        store(state, "t-carrier", pkg, d -> { });
        Files.write(state.resolve("tracers/t-carrier/handler.tracer.json"), pkg);
        expected.put("t-carrier", "deployment.json names no handler");
        store(state, "t-link", pkg, d -> { });
        Path link = state.resolve("tracers/t-link/package.json");
        Files.move(link, dir.resolve("elsewhere.json"));
        Files.createSymbolicLink(link, dir.resolve("elsewhere.json"));
        expected.put("t-link", "is a symbolic link");

        try (DaemonFixture daemon = DaemonFixture.start(dir, c -> c.withStateDir(state))) {
            JsonNode list = daemon.get("/v1/tracers").json().path("tracers");
            assertEquals(expected.size(), list.size(), list.toString());
            expected.forEach((id, reason) -> assertFailed(daemon, id, reason));
            daemon.daemon.tracers().list().forEach(t -> assertTrue(t.running().isEmpty(), t.id()));
            assertEquals(200, daemon.delete("/v1/tracers/t-empty").status());
            assertFalse(Files.exists(state.resolve("tracers/t-empty")), "DELETE removes a failed tracer's state");
        }
    }

    @Test
    void eventIdsThatWereNeverGivenOutAre400() throws Exception {
        Path state = dir.resolve("state");
        store(state, "t-events", PackageWriter.write(UNSIGNED), d -> d.put("epoch", 3));
        Path keys = keys(); // so that it fails, and its buffer stays empty
        try (DaemonFixture daemon = DaemonFixture.start(dir, c -> c.withStateDir(state).withTrustedKeys(keys))) {
            assertFailed(daemon, "t-events", "not signed");
            String events = "/v1/tracers/t-events/events";
            for (String id : new String[] {"9223372036854775807", "-1", "9223372036854775808", "x",
                    Long.toString((3L << EventBuffer.EPOCH_SHIFT) + 1)}) {
                Response r = daemon.get(events, Map.of("Accept", "text/event-stream", "Last-Event-ID", id));
                assertEquals(400, r.status(), id + ": " + r);
                assertEquals("bad_request", r.json().path("error").asText(), r.toString());
            }
            assertEquals(400, daemon.get(events + "?limit=5&after=9223372036854775807").status());
            assertEquals(200, daemon.get(events + "?limit=5&after=" + (3L << EventBuffer.EPOCH_SHIFT)).status());
        }
    }

    private static void assertFailed(DaemonFixture daemon, String id, String reason) {
        JsonNode listed = null;
        for (JsonNode t : daemon.get("/v1/tracers").json().path("tracers")) {
            if (t.path("id").asText().equals(id)) {
                listed = t;
            }
        }
        assertTrue(listed != null, id + " is listed");
        assertEquals("failed", listed.path("state").asText(), listed.toString());
        assertTrue(listed.path("error").asText().startsWith("not restored: "), listed.toString());
        assertTrue(listed.path("error").asText().contains(reason), reason + " in " + listed);
        assertEquals("failed", daemon.get("/v1/tracers/" + id).json().path("state").asText());
    }

    private Path keys() throws IOException {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        Ed25519Keys.write(Ed25519Keys.generate(), dir.resolve("other"), "unrelated");
        Files.copy(dir.resolve("other/unrelated.pub"), keys.resolve("unrelated.pub"));
        return keys;
    }

    /** A tracer directory as the daemon writes one, with {@code change} made to deployment.json. */
    private static void store(Path state, String id, byte[] pkg, Consumer<ObjectNode> change) throws IOException {
        writeRaw(state, id, pkg, deployment(id, pkg, change).getBytes(StandardCharsets.UTF_8));
    }

    private static String deployment(String id, byte[] pkg, Consumer<ObjectNode> change) throws IOException {
        ObjectNode d = DaemonFixture.JSON.createObjectNode();
        d.put("id", id);
        d.put("number", 1 + Math.abs(id.hashCode() % 1000));
        d.put("epoch", 0);
        d.put("name", "handmade");
        d.put("sha256", DeployChecks.sha256(dev.polytrace.host.pkg.PackageReader.read(pkg, "test")));
        d.putObject("params");
        d.put("created", "2025-01-01T00:00:00Z");
        change.accept(d);
        return d.toString();
    }

    /** Files as given; null leaves one out. */
    private static void writeRaw(Path state, String id, byte[] pkg, byte[] deployment) throws IOException {
        Path tracer = state.resolve("tracers").resolve(id);
        Files.createDirectories(tracer);
        for (Path p = tracer; !p.equals(state.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        if (pkg != null) {
            Files.write(tracer.resolve("package.json"), pkg);
        }
        if (deployment != null) {
            Files.write(tracer.resolve("deployment.json"), deployment);
        }
    }
}
