package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /v1 API against the real kernel: deploy, list, show, events (polling and SSE), maps, params, stop. */
@KernelTest
class DaemonApiKernelTest {
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

    @Test
    void deployListShowAndStop() {
        Response r = daemon.post("/v1/tracers", TestTracers.request(TestTracers.seq(), Map.of("name", "seq-a")));
        assertEquals(201, r.status(), r.toString());
        JsonNode t = r.json();
        String id = t.path("id").asText();
        assertTrue(TracerId.isValid(id) && id.startsWith("t-"), id);
        assertEquals("/v1/tracers/" + id, r.headers().firstValue("Location").orElse(null));
        assertEquals("seq-a", t.path("name").asText());
        assertEquals("running", t.path("state").asText());
        assertEquals(ObjectEncoding.sha256(PackageWriter.canonical(TestTracers.seq())), t.path("sha256").asText());
        assertEquals(TestTracers.seq().object().sha256(), t.path("objectSha256").asText());
        assertEquals(Triggers.pid(), param(t, "target_tgid").path("value").asInt());
        assertFalse(param(t, "target_tgid").path("runtime").asBoolean());

        assertTrue(ids(daemon.get("/v1/tracers").json()).contains(id));
        Triggers.getppid(10);
        List<JsonNode> events = awaitEvents(id, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, events.get(i).path("data").path("seq").asLong(), events.toString());
            assertEquals("events", events.get(i).path("stream").asText());
        }
        Await.until("the stats to count 10 events", Duration.ofSeconds(10),
                () -> daemon.get("/v1/tracers/" + id).json().path("stats").path("events").asLong() == 10);

        Response stopped = daemon.delete("/v1/tracers/" + id);
        assertEquals(200, stopped.status(), stopped.toString());
        assertEquals("stopped", stopped.json().path("state").asText());
        assertEquals(10, stopped.json().path("stats").path("events").asLong());
        assertEquals(404, daemon.get("/v1/tracers/" + id).status());
        assertEquals(404, daemon.delete("/v1/tracers/" + id).status());
        assertFalse(ids(daemon.get("/v1/tracers").json()).contains(id));
    }

    @Test
    void aPackageAloneIsABodyToo() {
        Response r = daemon.post("/v1/tracers", TestTracers.document(TestTracers.seq()));
        assertEquals(201, r.status(), r.toString());
        String id = r.json().path("id").asText();
        assertEquals(0, param(r.json(), "target_tgid").path("value").asInt());
        assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
    }

    @Test
    void aPinnedSha256MustMatch() {
        String sha = ObjectEncoding.sha256(PackageWriter.canonical(TestTracers.seq()));
        Response wrong = daemon.post("/v1/tracers", TestTracers.request(TestTracers.seq(),
                Map.of("sha256", "0".repeat(64))));
        assertEquals(400, wrong.status(), wrong.toString());
        assertEquals("sha256_mismatch", wrong.json().path("error").asText());
        String id = daemon.deploy(TestTracers.request(TestTracers.seq(), Map.of("sha256", sha)));
        daemon.delete("/v1/tracers/" + id);
    }

    @Test
    void pollingReturnsTheNewestOrThoseAfterASeq() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        Triggers.getppid(30);
        awaitEvents(id, 30);
        JsonNode newest = daemon.get("/v1/tracers/" + id + "/events?limit=5").json();
        assertEquals(5, newest.size());
        assertEquals(30, newest.get(4).path("seq").asLong());
        assertEquals(26, newest.get(0).path("seq").asLong());
        JsonNode after = daemon.get("/v1/tracers/" + id + "/events?limit=4&after=10").json();
        assertEquals(List.of(11L, 12L, 13L, 14L), seqs(after));
        assertEquals(400, daemon.get("/v1/tracers/" + id + "/events?limit=0").status());
        assertEquals(400, daemon.get("/v1/tracers/" + id + "/events?limit=x").status());
        daemon.delete("/v1/tracers/" + id);
    }

    @Test
    void eventsStreamOverSseAndResumeFromLastEventId() throws Exception {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        List<Long> seen = new ArrayList<>();
        try (SseRecorder first = new SseRecorder(daemon, "/v1/tracers/" + id + "/events?after=0", null).awaitConnected()) {
            assertEquals(200, first.status());
            assertEquals(1, daemon.get("/v1/tracers/" + id).json().path("buffer").path("streams").asInt(),
                    "the open stream is counted (before its first line was sent)");
            Triggers.getppid(5);
            Await.until("5 events over SSE", Duration.ofSeconds(10), () -> first.count("event") >= 5);
            first.ofType("event").forEach(e -> {
                assertEquals(e.id(), e.json().path("seq").asText());
                seen.add(e.json().path("data").path("seq").asLong());
            });
        }
        String lastId = String.valueOf(seen.size());
        Triggers.getppid(5); // while nobody listens
        awaitEvents(id, 10);
        try (SseRecorder resumed = new SseRecorder(daemon, "/v1/tracers/" + id + "/events", lastId).awaitConnected()) {
            Triggers.getppid(2);
            Await.until("7 more events over SSE", Duration.ofSeconds(10), () -> resumed.count("event") >= 7);
            resumed.ofType("event").forEach(e -> seen.add(e.json().path("data").path("seq").asLong()));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seen);
            daemon.delete("/v1/tracers/" + id);
            assertTrue(resumed.awaitEnd(Duration.ofSeconds(10)), "the stream ends when the tracer stops");
            List<SseRecorder.Event> all = resumed.events();
            assertEquals("end", all.get(all.size() - 1).type());
        }
    }

    @Test
    void resumingFromRecordsThatLeftTheBufferSaysWhatWasMissed() throws Exception {
        try (DaemonFixture small = DaemonFixture.start(c -> c.withEventBuffer(16))) {
            String id = small.deploy(TestTracers.request(TestTracers.seq()));
            Triggers.getppid(40);
            Await.until("40 records", Duration.ofSeconds(10),
                    () -> small.get("/v1/tracers/" + id + "/events?limit=1").json().path(0).path("seq").asLong() == 40);
            try (SseRecorder r = new SseRecorder(small, "/v1/tracers/" + id + "/events", "2").awaitConnected()) {
                Await.until("the gap and 16 records", Duration.ofSeconds(10), () -> r.events().size() >= 17);
                SseRecorder.Event gap = r.events().get(0);
                assertEquals("gap", gap.type());
                assertEquals(22, gap.json().path("missed").asLong(), gap.data()); // 3..24 gone, 25..40 kept
                assertEquals("25", r.events().get(1).id());
            }
        }
    }

    @Test
    void mapsAreReadDecoded() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        Triggers.getppid(7);
        awaitEvents(id, 7);
        JsonNode maps = daemon.get("/v1/tracers/" + id + "/maps").json().path("maps");
        List<String> names = new ArrayList<>();
        maps.forEach(m -> names.add(m.path("map").asText()));
        assertTrue(names.containsAll(List.of("calls", "events")), names.toString());
        JsonNode calls = daemon.get("/v1/tracers/" + id + "/maps/calls").json();
        assertEquals("hash", calls.path("type").asText());
        assertEquals(1, calls.path("entries").size(), calls.toString());
        assertEquals(Triggers.pid(), calls.path("entries").get(0).path("key").asInt());
        assertEquals(7, calls.path("entries").get(0).path("value").asLong());
        String pid = Integer.toString(Triggers.pid());
        assertEquals(String.format("%-" + pid.length() + "s  VALUE%n%s  7%n", "KEY", pid),
                daemon.get("/v1/tracers/" + id + "/maps/calls?format=text").body(), "as polytrace run prints it");
        assertEquals("{\"map\":\"calls\",\"kind\":\"table\",\"total\":1,\"entries\":[{\"key\":" + pid
                + ",\"value\":7}]}", daemon.get("/v1/tracers/" + id + "/maps/calls?format=report").json().toString());
        assertEquals(400, daemon.get("/v1/tracers/" + id + "/maps/calls?format=xml").status());
        assertEquals(422, daemon.get("/v1/tracers/" + id + "/maps/events").status());
        Response missing = daemon.get("/v1/tracers/" + id + "/maps/nope");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().path("error").asText());
        daemon.delete("/v1/tracers/" + id);
    }

    @Test
    void runtimeParamsChangeTheRunningProgram() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seq()));
        Response set = daemon.patch("/v1/tracers/" + id + "/params", "{\"tag\": 7}");
        assertEquals(200, set.status(), set.toString());
        assertEquals(7, param(set.json(), "tag").path("value").asLong());
        Triggers.getppid(3);
        List<JsonNode> events = awaitEvents(id, 3);
        events.forEach(e -> assertEquals(7, e.path("data").path("tag").asLong()));

        Response readOnly = daemon.patch("/v1/tracers/" + id + "/params", "{\"target_tgid\": 1}");
        assertEquals(422, readOnly.status(), readOnly.toString());
        assertEquals("read_only_param", readOnly.json().path("error").asText());
        assertEquals(422, daemon.patch("/v1/tracers/" + id + "/params", "{\"nope\": 1}").status());
        Response badValue = daemon.patch("/v1/tracers/" + id + "/params", "{\"tag\": 9, \"next_seq\": \"many\"}");
        assertEquals(422, badValue.status(), badValue.toString());
        assertEquals(7, param(daemon.get("/v1/tracers/" + id).json(), "tag").path("value").asLong(),
                "a refused PATCH changes nothing");
        daemon.delete("/v1/tracers/" + id);
    }

    @Test
    void metricsHaveHostAndHandlerSeries() {
        String id = daemon.deploy(TestTracers.request(TestTracers.seqWithHandler()));
        Triggers.getppid(20);
        Await.until("20 records handled", Duration.ofSeconds(30), () -> daemon.get("/v1/tracers/" + id).json()
                .path("stats").path("handled").asLong() == 20);
        Response r = daemon.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PrometheusText metrics = PrometheusText.parse(r.body());
        Map<String, String> labels = Map.of("tracer", "seq", "id", id);
        assertEquals(20.0, metrics.value("polytrace_events_total", labels).orElseThrow());
        assertEquals(20.0, metrics.value("polytrace_handler_events_total", labels).orElseThrow());
        assertEquals(0.0, metrics.value("polytrace_handler_errors_total", labels).orElseThrow());
        double handlerSeconds = metrics.value("polytrace_handler_seconds_total", labels).orElseThrow();
        assertTrue(handlerSeconds > 0 && handlerSeconds < 60, "handler time of 20 events: " + handlerSeconds);
        assertEquals(0.0, metrics.value("polytrace_events_dropped_total", labels).orElseThrow());
        assertEquals(0.0, metrics.value("polytrace_events_lost_total", labels).orElseThrow());
        assertEquals(1.0, metrics.value("polytrace_tracer_up", labels).orElseThrow());
        assertEquals(20.0, metrics.value("seq_handled_total", Map.of("version", "v1", "id", id)).orElseThrow());
        assertEquals("counter", metrics.types.get("seq_handled_total"));
        List<JsonNode> emitted = awaitEvents(id, 20);
        assertEquals("seq.js", emitted.get(0).path("stream").asText());
        assertEquals("v1", emitted.get(0).path("data").path("v").asText());
        daemon.delete("/v1/tracers/" + id);
        assertTrue(PrometheusText.parse(daemon.get("/metrics").body()).value("polytrace_events_total", labels).isEmpty());
    }

    @Test
    void openApiDocumentIsServed() {
        Response r = daemon.get("/v1/openapi.json");
        assertEquals(200, r.status());
        assertEquals("3.0.3", r.json().path("openapi").asText());
        assertNotNull(r.json().path("paths").get("/v1/tracers/{id}/events"));
    }

    static JsonNode param(JsonNode tracer, String name) {
        for (JsonNode p : tracer.path("params")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no param " + name + " in " + tracer);
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("tracers").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    static List<Long> seqs(JsonNode records) {
        List<Long> seqs = new ArrayList<>();
        records.forEach(r -> seqs.add(r.path("seq").asLong()));
        return seqs;
    }

    /** Polls until the tracer has {@code n} records of type event; returns them in order. */
    static List<JsonNode> awaitEvents(DaemonFixture d, String id, int n) {
        List<JsonNode> events = new ArrayList<>();
        Await.until(n + " events of " + id, Duration.ofSeconds(30), () -> {
            events.clear();
            d.get("/v1/tracers/" + id + "/events?limit=100000&after=0").json().forEach(r -> {
                if (r.path("type").asText().equals("event")) {
                    events.add(r);
                }
            });
            return events.size() >= n;
        });
        return events;
    }

    private static List<JsonNode> awaitEvents(String id, int n) {
        return awaitEvents(daemon, id, n);
    }
}
