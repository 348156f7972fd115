package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore from the state directory, a crashing handler, the tracer limit, signed deploys. */
@KernelTest
class DaemonLifecycleKernelTest {
    @BeforeAll
    static void build() {
        TestTracers.seq();
    }

    @Test
    void restartRestoresPackageParamsAndSwappedHandler(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        DaemonFixture first = DaemonFixture.start(dir, c -> c.withStateDir(state));
        String withHandler = first.deploy(TestTracers.request(TestTracers.seqWithHandler(), Map.of("name", "kept")));
        String plain = first.deploy(TestTracers.request(TestTracers.seq()));
        assertEquals(200, first.put("/v1/tracers/" + withHandler + "/handler", HotSwapKernelTest.handlerJson("v2"))
                .status());
        assertEquals(200, first.patch("/v1/tracers/" + withHandler + "/params", "{\"tag\": 5}").status());
        String gone = first.deploy(TestTracers.request(TestTracers.seq()));
        assertEquals(200, first.delete("/v1/tracers/" + gone).status());
        String token = first.token;
        first.stop(); // detaches everything, keeps the state (and the token)
        try (Stream<Path> kept = Files.list(state.resolve("tracers"))) {
            assertEquals(2, kept.count());
        }

        try (DaemonFixture second = DaemonFixture.start(dir, c -> c.withStateDir(state))) {
            assertEquals(token, second.token, "the token file is reused");
            JsonNode list = second.get("/v1/tracers").json();
            assertEquals(List.of(withHandler, plain), DaemonApiKernelTest.ids(list));
            JsonNode kept = second.get("/v1/tracers/" + withHandler).json();
            assertEquals("running", kept.path("state").asText());
            assertEquals("kept", kept.path("name").asText());
            assertEquals("seq-v2.js", kept.path("handler").path("fileName").asText());
            assertEquals(5, DaemonApiKernelTest.param(kept, "tag").path("value").asLong());
            assertEquals(Triggers.pid(), DaemonApiKernelTest.param(kept, "target_tgid").path("value").asLong());
            Triggers.getppid(3);
            List<JsonNode> events = DaemonApiKernelTest.awaitEvents(second, withHandler, 3);
            events.forEach(e -> {
                assertEquals("v2", e.path("data").path("v").asText());
                assertEquals(5, e.path("data").path("tag").asLong());
            });
            DaemonApiKernelTest.awaitEvents(second, plain, 3);
            String newer = second.deploy(TestTracers.request(TestTracers.seq()));
            assertTrue(!newer.equals(withHandler) && !newer.equals(plain));
            for (String id : List.of(withHandler, plain, newer)) {
                assertEquals(200, second.delete("/v1/tracers/" + id).status());
            }
            try (Stream<Path> left = Files.list(state.resolve("tracers"))) {
                assertEquals(0, left.count(), "a stopped tracer is not restored");
            }
        }
    }

    @Test
    void aCrashingHandlerFailsItsTracerOnly() throws Exception {
        TracerPackage seq = TestTracers.seq();
        PackageHandler crashing = new PackageHandler("js", "crash.js", """
                export function onEvent(event, ctx) {
                  if (event.seq == 3) { throw new Error('record three'); }
                  ctx.emit({seq: event.seq, pad: 'x'.repeat(500000)});
                }
                """);
        TracerPackage stopOnError = new TracerPackage(seq.formatVersion(), "crashy", seq.version(), seq.description(),
                seq.object(), Optional.of(crashing), seq.params(), seq.programs(), seq.outputs(),
                new PackageOptions(1000, 0, "stop"), Optional.empty(), seq.origin());
        try (DaemonFixture daemon = DaemonFixture.start()) {
            String bad = daemon.deploy(TestTracers.request(stopOnError));
            String good = daemon.deploy(TestTracers.request(TestTracers.seqWithHandler()));
            Triggers.getppid(5);
            Await.until("the crashing tracer to fail", Duration.ofSeconds(30),
                    () -> daemon.get("/v1/tracers/" + bad).json().path("state").asText().equals("failed"));
            JsonNode failed = daemon.get("/v1/tracers/" + bad).json();
            assertTrue(failed.path("error").asText().contains("record three"), failed.toString());
            assertTrue(failed.path("error").asText().contains("crash.js"), failed.toString());
            DeployedTracer tracer = daemon.daemon.tracers().get(bad);
            Await.until("its kernel side to be detached", Duration.ofSeconds(30),
                    () -> tracer.running().orElseThrow().isClosed());
            assertTrue(tracer.buffer().bytes() <= DeployedTracer.FAILED_BUFFER_BYTES, () -> "the failed tracer's"
                    + " buffer still holds " + tracer.buffer().bytes() + " bytes (two records of 500 kB went in)");
            String lines = daemon.get("/v1/tracers/" + bad + "/events?after=0&limit=100").body();
            assertTrue(lines.contains("crash.js:2: Error: record three"), "its last error is kept: " + lines);
            assertEquals(409, daemon.get("/v1/tracers/" + bad + "/maps/calls").status());
            assertEquals(409, daemon.patch("/v1/tracers/" + bad + "/params", "{\"tag\": 1}").status());
            Triggers.getppid(5);
            DaemonApiKernelTest.awaitEvents(daemon, good, 10);
            assertEquals("running", daemon.get("/v1/tracers/" + good).json().path("state").asText());
            PrometheusText metrics = PrometheusText.parse(daemon.get("/metrics").body());
            assertEquals(0.0, metrics.value("polytrace_tracer_up", Map.of("id", bad)).orElseThrow());
            assertEquals(1.0, metrics.value("polytrace_tracers", Map.of("state", "failed")).orElseThrow());
            assertEquals(200, daemon.delete("/v1/tracers/" + bad).status());
            assertEquals(200, daemon.delete("/v1/tracers/" + good).status());
        }
    }

    @Test
    void theTracerLimitIs409() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.start(c -> c.withMaxTracers(2))) {
            String a = daemon.deploy(TestTracers.request(TestTracers.seq()));
            String b = daemon.deploy(TestTracers.request(TestTracers.seq()));
            Response third = daemon.post("/v1/tracers", TestTracers.request(TestTracers.seq()));
            assertEquals(409, third.status(), third.toString());
            assertEquals("max_tracers", third.json().path("error").asText());
            assertEquals(2, daemon.tracerCount());
            daemon.delete("/v1/tracers/" + a);
            String c = daemon.deploy(TestTracers.request(TestTracers.seq()));
            daemon.delete("/v1/tracers/" + b);
            daemon.delete("/v1/tracers/" + c);
        }
    }

    @Test
    void aSignedPackageRunsAndItsHandlerSwapsOnlyThroughASignedPackage(@TempDir Path keys) throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, keys, "release");
        TracerPackage signed = PackageSigner.sign(TestTracers.seqWithHandler(), pair.getPrivate(), "release");
        try (DaemonFixture daemon = DaemonFixture.start(c -> c.withTrustedKeys(keys))) {
            Response r = daemon.post("/v1/tracers", TestTracers.request(signed));
            assertEquals(201, r.status(), r.toString());
            assertEquals("release", r.json().path("signedBy").asText());
            String id = r.json().path("id").asText();
            Response bare = daemon.put("/v1/tracers/" + id + "/handler", HotSwapKernelTest.handlerJson("v2"));
            assertEquals(403, bare.status(), bare.toString());
            TracerPackage v2 = PackageSigner.sign(TestTracers.seq().withHandler(TestTracers.V2), pair.getPrivate(),
                    "release");
            Response swapped = daemon.put("/v1/tracers/" + id + "/handler", TestTracers.document(v2));
            assertEquals(200, swapped.status(), swapped.toString());
            assertEquals("seq2.js", swapped.json().path("handler").path("fileName").asText());
            TracerPackage unsignedV2 = TestTracers.seq().withHandler(TestTracers.V2);
            assertEquals(403, daemon.put("/v1/tracers/" + id + "/handler", TestTracers.document(unsignedV2)).status());
            daemon.delete("/v1/tracers/" + id);
        }
    }
}
