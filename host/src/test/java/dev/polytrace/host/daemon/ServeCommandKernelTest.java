package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polytrace serve as a user runs it, in its own JVM: SIGTERM detaches everything and exits 0; restart restores. */
@KernelTest
class ServeCommandKernelTest {
    private static final Pattern LISTENING = Pattern.compile("polytrace daemon listening on (http://\\S+) ");

    @Test
    void sigtermDetachesAndExitsZeroAndARestartRestores(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        String id;
        try (Served first = Served.start(state)) {
            DaemonFixture.Response r = first.client().post("/v1/tracers",
                    TestTracers.request(TestTracers.seqWithHandler()));
            assertEquals(201, r.status(), r.toString());
            id = r.json().path("id").asText();
            Triggers.getppid(3);
            Await.until("3 records", java.time.Duration.ofSeconds(30), () -> first.client()
                    .get("/v1/tracers/" + id + "/events?limit=10").json().size() >= 3);
            Await.until("the daemon's exit recorder", java.time.Duration.ofSeconds(30),
                    () -> exitRecorders() == 1);
            assertEquals(0, first.terminate(), first.output());
            assertTrue(first.output().contains("polytrace.daemon - stopped"), first.output());
            assertEquals(0, exitRecorders(), "detached with the daemon");
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("token"))));
        try (Served second = Served.start(state)) {
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
        try (Served served = Served.start(dir.resolve("state"), "--require-signature", keys.toString())) {
            Files.copy(dir.resolve("signing/ops.pub"), keys.resolve("ops.pub"));
            DaemonFixture.Response before = served.client().post("/v1/tracers", signed);
            assertEquals(403, before.status(), "a key put there after the start is not trusted yet: " + before);
            new ProcessBuilder("kill", "-HUP", Long.toString(served.process.pid())).start().waitFor();
            Await.until("the reload to be logged", java.time.Duration.ofSeconds(30),
                    () -> served.output().contains("reloaded the trusted keys: 1 in " + keys));
            DaemonFixture.Response after = served.client().post("/v1/tracers", signed);
            assertEquals(201, after.status(), after.toString());
            assertEquals(200, served.client().send("DELETE", "/v1/tracers/" + after.json().path("id").asText(), null)
                    .status());
            assertEquals(0, served.terminate(), served.output());
        }
    }

    /** Programs of ExitedProcesses' object loaded in the kernel now, by any process. */
    private static long exitRecorders() {
        try {
            Process bpftool = new ProcessBuilder("bpftool", "prog", "show", "name", "record_exit")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(bpftool.getInputStream().readAllBytes());
            bpftool.waitFor();
            return out.lines().filter(l -> l.matches("^\\d+: .*")).count();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("bpftool prog show: " + e, e);
        }
    }

    /** A forked {@code polytrace serve --listen 127.0.0.1:0 --state-dir STATE}, its output in a file. */
    private static final class Served implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final URI url;
        private final Path tokenFile;

        private Served(Process process, Path log, URI url, Path tokenFile) {
            this.process = process;
            this.log = log;
            this.url = url;
            this.tokenFile = tokenFile;
        }

        static Served start(Path state, String... more) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
            if (Runtime.version().feature() >= 24) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                    "--listen", "127.0.0.1:0", "--state-dir", state.toString(), "--no-socket"));
            command.addAll(List.of(more));
            Path log = Files.createTempFile("polytrace-serve-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return new Served(p, log, URI.create(m.group(1)), state.resolve("token"));
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
            throw new AssertionError("serve did not start: " + Files.readString(log));
        }

        DaemonFixture.Client client() {
            try {
                return new DaemonFixture.Client(url, ApiToken.read(tokenFile));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** SIGTERM, and the exit code. */
        int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("serve did not exit after SIGTERM: " + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
