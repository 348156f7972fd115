package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.bpf.testing.Triggers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tracer deployed with {@code rules}: its alerts stream over SSE as {@code type: alert}, are
 * counted per rule and priority in /metrics, reach the daemon's webhook once each, and survive in
 * the deployment's settings; rules that do not compile are refused with their line.
 */
@KernelTest
class DaemonRulesKernelTest {
    private static final String RULES = """
            - macro: even
              condition: event.seq % 2 == 0
            - rule: Even record
              desc: every second record
              condition: even && tracer == "seq"
              output: "record %event.seq (tag %event.tag) of %tracer"
              priority: notice
              tags: [test]
            """;

    private static DaemonFixture daemon;
    private static HttpServer receiver;
    private static final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestTracers.seq();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            posted.add(DaemonFixture.JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        daemon = DaemonFixture.start(c -> c.withAlertWebhooks(List.of(hook)));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void alertsStreamAsTheirOwnTypeAreCountedAndPosted() throws Exception {
        String id = daemon.deploy(TestTracers.request(TestTracers.seqWithHandler(), Map.of("rules", List.of(RULES))));
        try (SseRecorder sse = new SseRecorder(daemon, "/v1/tracers/" + id + "/events?after=0", null)
                .awaitConnected()) {
            Triggers.getppid(6);
            Await.until("3 alerts over SSE", Duration.ofSeconds(30), () -> sse.count("alert") >= 3);
            Await.until("6 handled records", Duration.ofSeconds(30), () -> sse.count("event") >= 6);
            List<JsonNode> alerts = sse.ofType("alert").stream().map(e -> e.json().path("data")).toList();
            assertEquals(List.of("record 2 (tag 0) of seq", "record 4 (tag 0) of seq", "record 6 (tag 0) of seq"),
                    alerts.stream().map(a -> a.path("output").asText()).toList());
            assertEquals("Even record", alerts.get(0).path("alert").asText());
            assertEquals("notice", alerts.get(0).path("priority").asText());
            assertEquals(2, alerts.get(0).path("event").path("seq").asLong());
        }
        PrometheusText metrics = PrometheusText.parse(daemon.get("/metrics").body());
        assertEquals(3.0, metrics.value("polytrace_alerts_total", Map.of("tracer", "seq", "id", id,
                "rule", "Even record", "priority", "notice")).orElseThrow());
        assertEquals(0.0, metrics.value("polytrace_rule_errors_total", Map.of("id", id, "rule", "Even record"))
                .orElseThrow());
        daemon.delete("/v1/tracers/" + id); // drains the webhook's queue
        assertEquals(List.of(2L, 4L, 6L), posted.stream().map(p -> p.path("event").path("seq").asLong()).toList(),
                "each alert posted once");
        assertEquals(0.0, PrometheusText.parse(daemon.get("/metrics").body()).value("polytrace_alerts_total",
                Map.of("id", id, "rule", "Even record")).orElse(0.0), "a deleted tracer's series are gone");
    }

    @Test
    void rulesThatDoNotCompileAreRefusedWithTheirLine() {
        Response r = daemon.post("/v1/tracers", TestTracers.request(TestTracers.seq(), Map.of("rules",
                List.of("bundled", "- rule: Broken\n  output: x\n  priority: info\n  condition: event.seq >\n"))));
        assertEquals(422, r.status(), r.toString());
        assertTrue(r.body().contains("rules[1] line 4: rule 'Broken' condition"), r.body());
        assertEquals(400, daemon.post("/v1/tracers", TestTracers.request(TestTracers.seq(), Map.of("rules",
                "not a list"))).status());
    }

    @Test
    void rulesAreKeptInTheDeploymentSettings() throws IOException {
        Deployment d = Deployment.deployed("t-x", 1, "seq", new byte[0], TestTracers.seq(), "0".repeat(64), Map.of(),
                java.util.Optional.empty(), List.of(new dev.polytrace.host.rules.RuleSource("rules[0]", RULES)));
        DeploymentFile.Settings back = DeploymentFile.read(DeploymentFile.write(d), "t-x");
        assertEquals(d.rules(), back.rules());
    }
}
