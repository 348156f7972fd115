package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled rules ({@code --rules bundled}) on the bundled tracers, against activity this test
 * causes on the host: each rule fires on what it is about and not on its harmless neighbour. The
 * container rules are tested against a real container in {@link ContainerRulesKernelTest}.
 */
@KernelTest
class BundledRulesKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    private static List<JsonNode> alerts(CliRun run, String rule) {
        return run.records().stream().filter(r -> rule.equals(r.path("alert").asText(null))).toList();
    }

    /**
     * A file written below the host's /etc alerts once the host's rule is switched on by a later
     * file (to the output and, once, to a webhook), and not under the container rule; one below
     * /tmp and a read of /etc do not.
     */
    @Test
    void writeBelowEtcOnTheHostAlertsWhenSwitchedOnAndReachesAWebhookOnce(@TempDir Path dir) throws IOException {
        List<JsonNode> posted = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alerts", exchange -> {
            posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path etcFile = Path.of("/etc/polytrace-rules-test-" + UUID.randomUUID());
        Path elsewhere = dir.resolve("not-etc");
        Path hostRule = Files.writeString(dir.resolve("host-etc.yaml"), "- rule: Write below etc on host\n  enabled: true\n");
        CliRun run = CliRun.json("opensnoop", "--param", "target_pid=" + Workloads.ownPid(), "--rules", "bundled",
                "--rules", hostRule.toString(), "--alert-webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        try (run) {
            run.awaitAttached();
            try {
                Files.writeString(etcFile, "x");
            } finally {
                Files.deleteIfExists(etcFile);
            }
            Files.writeString(elsewhere, "x");
            Files.readString(Path.of("/etc/hostname"));
            run.awaitRecord("of the read of /etc/hostname", r -> r.path("path").asText().equals("/etc/hostname"));
        } finally {
            receiver.stop(0);
        }
        assertEquals(List.of(), alerts(run, "Write below etc"), "the container rule is not the host's");
        List<JsonNode> alerts = alerts(run, "Write below etc on host");
        assertEquals(1, alerts.size(), () -> "one alert for " + etcFile + run.describe());
        JsonNode alert = alerts.get(0);
        assertEquals("error", alert.path("priority").asText());
        assertEquals("opensnoop", alert.path("tracer").asText());
        assertEquals(etcFile.toString(), alert.path("event").path("path").asText());
        assertTrue(alert.path("output").asText().contains(etcFile.toString()), alert.toString());
        assertEquals(List.of(alert.path("output").asText()), posted.stream().map(p -> p.path("output").asText()).toList(),
                "the webhook got the alert, once");
        assertTrue(run.err().contains("webhook http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/alerts: 1 sent, 0 failed, 0 dropped"), run.err());
    }

    /** The same shell reading /etc/shadow alerts when a user owns its binary, and not when root does. */
    @Test
    void readOfShadowByANonRootOwnedBinaryAlerts(@TempDir Path dir) throws Exception {
        String comm = "polyrules-sh";
        Path userOwned = Files.createDirectories(dir.resolve("user")).resolve(comm);
        Path rootOwned = Files.createDirectories(dir.resolve("root")).resolve(comm);
        Files.copy(Path.of("/bin/sh"), userOwned);
        Files.copy(Path.of("/bin/sh"), rootOwned);
        Workloads.runChecked("chown", "65534", userOwned.toString());
        CliRun run = CliRun.json("opensnoop", "--param", "target_comm=" + comm, "--rules", "bundled");
        long userPid;
        long rootPid;
        try (run) {
            run.awaitAttached();
            // Each shell stays alive, its stdin open, until its open was seen: proc is read while it runs.
            Process user = readShadowAndWait(userOwned);
            userPid = user.pid();
            run.awaitRecord("of the user-owned shell's alert", r -> r.path("event").path("pid").asLong() == userPid
                    && r.has("alert"));
            finish(user);
            Process root = readShadowAndWait(rootOwned);
            rootPid = root.pid();
            run.awaitRecord("of the root-owned shell's open", r -> r.path("pid").asLong() == rootPid
                    && r.path("path").asText().equals("/etc/shadow"));
            finish(root);
        }
        List<JsonNode> alerts = alerts(run, "Read shadow by non-root binary");
        assertEquals(List.of(userPid), alerts.stream().map(a -> a.path("event").path("pid").asLong()).toList(),
                () -> "only the user-owned binary alerts" + run.describe());
        assertTrue(alerts.get(0).path("output").asText().contains(userOwned + " (owned by uid 65534)"),
                alerts.get(0).toString());
    }

    /** A program run from /tmp alerts; the same program run from /usr/bin does not. */
    @Test
    void execFromTmpAlerts() throws IOException {
        Path copy = Path.of("/tmp/polytrace-rules-true-" + UUID.randomUUID());
        Files.copy(Path.of("/bin/true"), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun run = CliRun.json("execsnoop", "--param", "target_ppid=" + Workloads.ownPid(), "--rules", "bundled");
        try (run) {
            run.awaitAttached();
            assertEquals(0, Workloads.waitFor(Workloads.start(copy.toString())));
            assertEquals(0, Workloads.waitFor(Workloads.start("/usr/bin/true")));
            run.awaitRecord("of the exec of /usr/bin/true", r -> r.path("args").asText().equals("/usr/bin/true"));
        } finally {
            Files.deleteIfExists(copy);
        }
        List<JsonNode> alerts = alerts(run, "Exec from temporary directory");
        assertEquals(List.of(copy.toString()), alerts.stream().map(a -> a.path("event").path("args").asText()).toList(),
                () -> "one alert, for the copy in /tmp" + run.describe());
    }

    /** A bind mount of /etc alerts; one of a directory of the test's own does not. */
    @Test
    void bindMountOfEtcAlerts(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("etc-view"));
        Path plainSource = Files.createDirectories(dir.resolve("plain"));
        Path plainTarget = Files.createDirectories(dir.resolve("plain-view"));
        CliRun run = CliRun.json("mountsnoop", "--param", "target_comm=mount", "--rules", "bundled");
        try (run) {
            run.awaitAttached();
            mountThenUnmount("/etc", target);
            mountThenUnmount(plainSource.toString(), plainTarget);
            run.awaitRecord("of the second bind mount", r -> r.path("target").asText().equals(plainTarget.toString()));
        }
        List<JsonNode> alerts = alerts(run, "Sensitive mount");
        assertEquals(List.of(target.toString()), alerts.stream().map(a -> a.path("event").path("target").asText())
                .toList(), () -> "one alert, for /etc" + run.describe());
        assertEquals("/etc", alerts.get(0).path("event").path("source").asText());
    }

    private static void mountThenUnmount(String source, Path target) {
        Workloads.runChecked("mount", "--bind", source, target.toString());
        Workloads.runChecked("umount", target.toString());
    }

    private static Process readShadowAndWait(Path shell) throws IOException {
        return new ProcessBuilder(shell.toString(), "-c", "exec 3</etc/shadow; read line").start();
    }

    private static void finish(Process shell) throws IOException {
        try (OutputStream stdin = shell.getOutputStream()) {
            stdin.write("done\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(0, Workloads.waitFor(shell));
    }
}
