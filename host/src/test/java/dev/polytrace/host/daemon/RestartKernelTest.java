package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart over the same state directory: what comes back, under which checks, and what SSE
 * clients see. The first daemon is stopped, not closed: closing a fixture deletes its directory.
 */
@KernelTest
class RestartKernelTest {
    @BeforeAll
    static void build() {
        TestTracers.seq();
    }

    @Test
    void aTracerKeptUnsignedIsNotRestoredUnderRequireSignature(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        byte[] request = TestTracers.request(TestTracers.seqWithHandler());
        String id;
        DaemonFixture first = DaemonFixture.start(dir, c -> c.withStateDir(state));
        try {
            id = first.deploy(request);
        } finally {
            first.stop();
        }
        Path keys = keys(dir).getKey();
        try (DaemonFixture strict = DaemonFixture.start(dir, c -> c.withStateDir(state).withTrustedKeys(keys))) {
            JsonNode listed = strict.get("/v1/tracers").json().path("tracers").path(0);
            assertEquals(id, listed.path("id").asText());
            assertEquals("failed", listed.path("state").asText(), listed.toString());
            assertTrue(listed.path("error").asText().contains("not signed"), listed.toString());
            assertTrue(strict.daemon.tracers().get(id).running().isEmpty(), "nothing of it was loaded");
            assertEquals(403, strict.post("/v1/tracers", request).status(), "as the same deploy would be");
        }
    }

    @Test
    void aSignedTracerAndItsSignedSwapComeBackUnderRequireSignature(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        var keys = keys(dir);
        TracerPackage v1 = PackageSigner.sign(TestTracers.seqWithHandler(), keys.getValue().getPrivate(), "release");
        TracerPackage v2 = PackageSigner.sign(TestTracers.seq().withHandler(TestTracers.V2),
                keys.getValue().getPrivate(), "release");
        String id;
        DaemonFixture first = DaemonFixture.start(dir, c -> c.withStateDir(state)
                .withTrustedKeys(keys.getKey()));
        try {
            id = first.deploy(TestTracers.request(v1));
            assertEquals(200, first.put("/v1/tracers/" + id + "/handler", TestTracers.document(v2)).status());
        } finally {
            first.stop();
        }
        try (DaemonFixture second = DaemonFixture.start(dir, c -> c.withStateDir(state)
                .withTrustedKeys(keys.getKey()))) {
            JsonNode shown = second.get("/v1/tracers/" + id).json();
            assertEquals("running", shown.path("state").asText(), shown.toString());
            assertEquals("seq2.js", shown.path("handler").path("fileName").asText());
            Triggers.getppid(2);
            DaemonApiKernelTest.awaitEvents(second, id, 2)
                    .forEach(e -> assertEquals("v2", e.path("data").path("v").asText()));
            second.delete("/v1/tracers/" + id);
        }
    }

    @Test
    void sseResumeFromBeforeARestartGetsAGapAndNewIds(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        String id;
        long lastBefore;
        DaemonFixture first = DaemonFixture.start(dir, c -> c.withStateDir(state));
        try {
            id = first.deploy(TestTracers.request(TestTracers.seq()));
            Triggers.getppid(3);
            List<JsonNode> events = DaemonApiKernelTest.awaitEvents(first, id, 3);
            lastBefore = events.get(events.size() - 1).path("seq").asLong();
        } finally {
            first.stop();
        }
        try (DaemonFixture second = DaemonFixture.start(dir, c -> c.withStateDir(state))) {
            Triggers.getppid(2);
            DaemonApiKernelTest.awaitEvents(second, id, 2);
            try (SseRecorder resumed = new SseRecorder(second, "/v1/tracers/" + id + "/events",
                    Long.toString(lastBefore)).awaitConnected()) {
                Await.until("the gap and 2 records", Duration.ofSeconds(10), () -> resumed.events().size() >= 3);
                SseRecorder.Event gap = resumed.events().get(0);
                assertEquals("gap", gap.type(), resumed.events().toString());
                assertEquals(lastBefore + 1, gap.json().path("from").asLong(), gap.data());
                assertEquals("restart", gap.json().path("reason").asText(), gap.data());
                assertTrue(gap.json().path("missed").isNull(), "how many were missed is not known: " + gap.data());
                long firstAfter = Long.parseLong(resumed.events().get(1).id());
                assertTrue(firstAfter > lastBefore, firstAfter + " after " + lastBefore);
                assertEquals((1L << EventBuffer.EPOCH_SHIFT) + 1, firstAfter, "the restart's own range");
            }
            Response future = second.get("/v1/tracers/" + id + "/events",
                    java.util.Map.of("Accept", "text/event-stream", "Last-Event-ID", Long.toString(Long.MAX_VALUE)));
            assertEquals(400, future.status(), future.toString());
            second.delete("/v1/tracers/" + id);
        }
    }

    @Test
    void keptTracersBeyondMaxTracersAreReportedNotRun(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        DaemonFixture first = DaemonFixture.start(dir, c -> c.withStateDir(state));
        try {
            first.deploy(TestTracers.request(TestTracers.seq()));
            first.deploy(TestTracers.request(TestTracers.seq()));
        } finally {
            first.stop();
        }
        try (DaemonFixture second = DaemonFixture.start(dir, c -> c.withStateDir(state).withMaxTracers(1))) {
            List<String> states = second.daemon.tracers().list().stream().map(t -> t.state().label()).sorted().toList();
            assertEquals(List.of("failed", "running"), states);
            DeployedTracer over = second.daemon.tracers().list().stream()
                    .filter(t -> t.state() == TracerState.FAILED).findFirst().orElseThrow();
            assertTrue(over.error().orElseThrow().contains("--max-tracers"), over.error().toString());
            assertTrue(over.running().isEmpty());
            second.daemon.tracers().list().forEach(t -> second.delete("/v1/tracers/" + t.id()));
        }
    }

    private static java.util.Map.Entry<Path, KeyPair> keys(Path dir) throws java.io.IOException {
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, dir.resolve("signing"), "release");
        Path trusted = dir.resolve("keys");
        java.nio.file.Files.createDirectories(trusted);
        java.nio.file.Files.copy(dir.resolve("signing/release.pub"), trusted.resolve("release.pub"));
        return java.util.Map.entry(trusted, pair);
    }
}
