package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** eunomia-bpf's ecli server routes: start, list, log, stop, as its client sends them. */
@KernelTest
class EunomiaApiKernelTest {
    @Test
    void aTaskStartsListsLogsAndStops() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.start()) {
            String data = Base64.getEncoder().withoutPadding().encodeToString(TestTracers.document(TestTracers.seq()));
            Response started = daemon.post("/task", "{\"program_data_buf\": \"" + data + "\", \"program_type\": \"json\","
                    + " \"program_name\": \"seqtask\", \"export_json\": true,"
                    + " \"extra_args\": [\"--target_tgid\", \"" + Triggers.pid() + "\"]}");
            assertEquals(200, started.status(), started.toString());
            long id = started.json().path("id").asLong();
            assertTrue(id > 0);
            JsonNode task = started.json().path("task_list").path("tasks").get(0);
            assertEquals(id, task.path("id").asLong());
            assertEquals("seqtask", task.path("name").asText());
            assertEquals("running", task.path("status").asText());
            assertEquals(1, daemon.get("/task").json().path("tasks").size());

            Triggers.getppid(4);
            Await.until("4 log entries", java.time.Duration.ofSeconds(10), () -> daemon.post("/log",
                    "{\"id\": " + id + "}").json().size() >= 4);
            JsonNode log = daemon.post("/log", "{\"id\": " + id + ", \"log_cursor\": 2, \"maximum_count\": 2}").json();
            assertEquals(2, log.size(), log.toString());
            assertEquals(2, log.get(0).path("cursor").asLong(), "the cursor is inclusive");
            assertEquals("plain", log.get(0).path("log").path("log_type").asText());
            assertTrue(log.get(0).path("log").path("log").asText().contains("\"seq\":2"), log.toString());

            assertEquals(200, daemon.post("/stop", "{\"id\": " + id + "}").status());
            assertEquals(0, daemon.get("/task").json().path("tasks").size());
            Response again = daemon.post("/stop", "{\"id\": " + id + "}");
            assertEquals(404, again.status());
            assertTrue(again.json().path("message").asText().contains("Invalid handle"), again.toString());
        }
    }
}
