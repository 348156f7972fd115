package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.oci.LocalRegistry;
import dev.polytrace.host.pkg.PackageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracers from a registry on loopback: run in the foreground, and deployed to a daemon that
 * requires signatures, which the pulled package carries inside it.
 */
@KernelTest
class RegistryDeployKernelTest {
    private static LocalRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        TestTracers.seq();
        registry = LocalRegistry.anonymous();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void runFromTheRegistryByNameAtHost() throws Exception {
        Path file = Files.write(dir.resolve("seq.tracer.json"), PackageWriter.write(TestTracers.seq()));
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("seq:1.0.0"), "--plain-http").exitCode());
        CliRun run = CliRun.run("run", "seq@" + registry.host(), "--plain-http", "--duration", "1s");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("polytrace: tracing seq: 1 program attached"), run.err());
    }

    @Test
    void aDaemonRequiringSignaturesDeploysOnlySignedPulledPackages() throws Exception {
        assertEquals(0, CliRun.run("keygen", "--out", dir.toString(), "--name", "release").exitCode());
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(dir.resolve("release.pub"), trusted.resolve("release.pub"));
        Path file = Files.write(dir.resolve("seq.tracer.json"), PackageWriter.write(TestTracers.seq()));
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("strict:unsigned"), "--plain-http")
                .exitCode());
        assertEquals(0, CliRun.run("sign", file.toString(), "--key", dir.resolve("release.key").toString())
                .exitCode());
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("strict:signed"), "--plain-http").exitCode());

        try (DaemonFixture daemon = DaemonFixture.start(c -> c.withTrustedKeys(trusted))) {
            String token = daemon.daemon.token().file().toString();
            CliRun unsigned = CliRun.run("remote", "deploy", registry.ref("strict:unsigned"), "--plain-http",
                    "--url", daemon.base.toString(), "--token-file", token);
            assertEquals(1, unsigned.exitCode());
            assertEquals("polytrace: HTTP 403 bad_signature: the package is not signed, and this daemon only runs "
                    + "signed packages (polytrace sign)\n", unsigned.err());
            assertEquals(0, daemon.tracerCount());

            CliRun signed = CliRun.run("remote", "deploy", registry.ref("strict:signed"), "--plain-http",
                    "--url", daemon.base.toString(), "--token-file", token);
            assertEquals(0, signed.exitCode(), signed.err());
            assertTrue(signed.out().contains("  seq  running  sha256 "), signed.out());
            assertEquals(1, daemon.tracerCount());
        }
    }
}
