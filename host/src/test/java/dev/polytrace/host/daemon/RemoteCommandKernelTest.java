package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polytrace remote against a real daemon: deploy, list, show, events, maps, swap, stop, and its errors. */
@KernelTest
class RemoteCommandKernelTest {
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

    private static CliRun remote(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "remote";
        all[1] = "--url";
        all[2] = daemon.base.toString();
        all[3] = "--token-file";
        all[4] = daemon.daemon.token().file().toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.run(all);
    }

    @Test
    void deployListEventsMapsSwapAndStop(@TempDir Path dir) throws Exception {
        Path pkg = dir.resolve("seq.tracer.json");
        Files.write(pkg, TestTracers.document(TestTracers.seqWithHandler()));
        CliRun deployed = remote("deploy", pkg.toString(), "-p", "target_tgid=" + Triggers.pid(), "--name", "r1");
        assertEquals(0, deployed.exitCode(), deployed.err());
        String id = deployed.out().split("\\s+")[0];
        assertTrue(TracerId.isValid(id), deployed.out());
        assertTrue(deployed.out().contains("r1  running  sha256 "), deployed.out());

        CliRun list = remote("list");
        assertTrue(list.out().startsWith("ID"), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("r1") && l.contains("running")),
                list.out());
        JsonNode line = DaemonFixture.JSON.readTree(remote("list", "--json").out().lines().findFirst().orElseThrow());
        assertEquals(id, line.path("id").asText());

        Triggers.getppid(3);
        DaemonApiKernelTest.awaitEvents(daemon, id, 3);
        CliRun table = remote("events", id);
        List<String> rows = table.out().lines().toList();
        assertTrue(rows.get(0).startsWith("TIME") && rows.get(0).contains("SEQ"), table.out());
        assertEquals(4, rows.size(), table.out());
        List<String> json = remote("events", id, "--json").out().lines().toList();
        assertEquals(3, json.size());
        assertEquals(3, DaemonFixture.JSON.readTree(json.get(2)).path("seq").asLong());

        CliRun calls = remote("maps", id, "calls");
        assertTrue(calls.out().lines().anyMatch(l -> l.startsWith(String.valueOf(Triggers.pid())) && l.endsWith(" 3")),
                calls.out());

        Path handler = dir.resolve("next.js");
        Files.writeString(handler, TestTracers.handler("v2"));
        CliRun swapped = remote("swap", id, handler.toString());
        assertEquals(0, swapped.exitCode(), swapped.err());
        assertTrue(swapped.out().contains("handler is now next.js"), swapped.out());
        CliRun show = remote("show", id);
        assertTrue(show.out().contains("handler  next.js (js), swapped 1 times"), show.out());
        assertTrue(show.out().contains("param    target_tgid = " + Triggers.pid()), show.out());

        CompletableFuture<CliRun> follow = CompletableFuture.supplyAsync(() -> remote("events", id, "--follow",
                "--json", "--limit", "0"));
        EventBuffer buffer = daemon.daemon.tracers().get(id).buffer();
        Await.until("remote events --follow to stream", Duration.ofSeconds(30),
                () -> buffer.streams() == 1 || follow.isDone());
        assertFalse(follow.isDone(), () -> "the follow ended before streaming: " + follow.join());
        Triggers.getppid(2); // after the stream's start, so both records are new to it
        DaemonApiKernelTest.awaitEvents(daemon, id, 5);
        CliRun stopped = remote("stop", id);
        assertTrue(stopped.out().startsWith("stopped " + id + " (r1): 5 events"), stopped.out());
        CliRun followed = follow.get(30, TimeUnit.SECONDS);
        assertEquals(0, followed.exitCode(), followed.err());
        List<String> streamed = followed.out().lines().toList();
        assertEquals(2, streamed.size(), followed.out());
        assertEquals("v2", DaemonFixture.JSON.readTree(streamed.get(1)).path("v").asText());
    }

    @Test
    void deployWithRulesShowsAlertsInRemoteEvents(@TempDir Path dir) throws Exception {
        Path pkg = dir.resolve("seq.tracer.json");
        Files.write(pkg, TestTracers.document(TestTracers.seq()));
        Path rules = Files.writeString(dir.resolve("seq-rules.yaml"), """
                - rule: Third record
                  condition: event.seq == 3
                  output: "record %event.seq"
                  priority: critical
                """);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "- rule: B\n  output: x\n  priority: info\n"
                + "  condition: event.seq ==\n");
        CliRun refused = remote("deploy", pkg.toString(), "--rules", broken.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains(broken + " line 4: rule 'B' condition, column 12: "), refused.err());
        CliRun deployed = remote("deploy", pkg.toString(), "-p", "target_tgid=" + Triggers.pid(), "--rules",
                rules.toString());
        assertEquals(0, deployed.exitCode(), deployed.err());
        String id = deployed.out().split("\\s+")[0];
        Triggers.getppid(4);
        DaemonApiKernelTest.awaitEvents(daemon, id, 4);
        List<String> json = remote("events", id, "--json").out().lines().toList();
        List<JsonNode> alerts = new java.util.ArrayList<>();
        for (String l : json) {
            JsonNode n = DaemonFixture.JSON.readTree(l);
            if (n.has("alert")) {
                alerts.add(n);
            }
        }
        assertEquals(1, alerts.size(), json.toString());
        assertEquals("record 3", alerts.get(0).path("output").asText());
        assertEquals("critical", alerts.get(0).path("priority").asText());
        assertTrue(remote("events", id).out().lines().anyMatch(l -> l.startsWith("!! ")
                && l.endsWith("ALERT critical Third record: record 3")), "a marked table line");
        assertEquals(0, remote("stop", id).exitCode());
    }

    @Test
    void errorsAreOneLine(@TempDir Path dir) throws Exception {
        CliRun missing = remote("show", "t-nosuchtracer");
        assertEquals(1, missing.exitCode());
        assertEquals("polytrace: HTTP 404 not_found: no tracer t-nosuchtracer", missing.err().strip());
        Path wrong = dir.resolve("token");
        Files.writeString(wrong, "x".repeat(43));
        CliRun unauthorized = CliRun.run("remote", "list", "--url", daemon.base.toString(), "--token-file",
                wrong.toString());
        assertEquals(1, unauthorized.exitCode());
        assertTrue(unauthorized.err().startsWith("polytrace: HTTP 401 unauthorized"), unauthorized.err());
        CliRun refused = CliRun.run("remote", "--url", "http://127.0.0.1:1", "--token-file",
                daemon.daemon.token().file().toString(), "list");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("connection refused"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
    }
}
