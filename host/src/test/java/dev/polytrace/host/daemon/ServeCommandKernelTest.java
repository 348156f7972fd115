package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polytrace serve as a user runs it, in its own JVM: SIGTERM detaches everything and exits 0; restart restores. */
@KernelTest
class ServeCommandKernelTest {
    @Test
    void sigtermDetachesAndExitsZeroAndARestartRestores(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        String id;
        try (ServedDaemon first = ServedDaemon.start(state)) {
            DaemonFixture.Response r = first.client().post("/v1/tracers",
                    TestTracers.request(TestTracers.seqWithHandler()));
            assertEquals(201, r.status(), r.toString());
            id = r.json().path("id").asText();
            Triggers.getppid(3);
            Await.until("3 records", java.time.Duration.ofSeconds(30), () -> first.client()
                    .get("/v1/tracers/" + id + "/events?limit=10").json().size() >= 3);
            Await.until("the daemon's exit recorder", java.time.Duration.ofSeconds(30),
                    () -> ServedDaemon.exitRecorders() == 1);
            assertEquals(0, first.terminate(), first.output());
            assertTrue(first.output().contains("polytrace.daemon - stopped"), first.output());
            assertEquals(0, ServedDaemon.exitRecorders(), "detached with the daemon");
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("token"))));
        try (ServedDaemon second = ServedDaemon.start(state)) {
            DaemonFixture.Response shown = second.client().get("/v1/tracers/" + id);
            assertEquals(200, shown.status(), shown.toString() + second.output());
            assertEquals("running", shown.json().path("state").asText());
            assertEquals(0, second.terminate(), second.output());
        }
    }

    @Test
    void sighupReloadsTheTrustedKeysWhichAreReadNowhereElse(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        java.security.KeyPair pair = dev.polytrace.host.daemon.signing.Ed25519Keys.generate();
        dev.polytrace.host.daemon.signing.Ed25519Keys.write(pair, dir.resolve("signing"), "ops");
        byte[] signed = TestTracers.request(dev.polytrace.host.daemon.signing.PackageSigner.sign(TestTracers.seq(),
                pair.getPrivate(), "ops"));
        try (ServedDaemon served = ServedDaemon.start(dir.resolve("state"), "--require-signature", keys.toString())) {
            Files.copy(dir.resolve("signing/ops.pub"), keys.resolve("ops.pub"));
            DaemonFixture.Response before = served.client().post("/v1/tracers", signed);
            assertEquals(403, before.status(), "a key put there after the start is not trusted yet: " + before);
            new ProcessBuilder("kill", "-HUP", Long.toString(served.pid())).start().waitFor();
            Await.until("the reload to be logged", java.time.Duration.ofSeconds(30),
                    () -> served.output().contains("reloaded the trusted keys: 1 in " + keys));
            DaemonFixture.Response after = served.client().post("/v1/tracers", signed);
            assertEquals(201, after.status(), after.toString());
            assertEquals(200, served.client().send("DELETE", "/v1/tracers/" + after.json().path("id").asText(), null)
                    .status());
            assertEquals(0, served.terminate(), served.output());
        }
    }
}
