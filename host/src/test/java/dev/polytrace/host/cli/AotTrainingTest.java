package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-handler AOT cache's training run traces a package without a handler, so the cache holds no guest language. */
class AotTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theTrainingCopyOfAPackageHasNoHandlerAndEverythingElse() throws Exception {
        String document = """
                {"polytrace": 1, "name": "execsnoop", "object": "AAEC",
                 "handler": {"language": "js", "source": "export function onEvent(e, ctx) {}"},
                 "params": [{"name": "min_pid", "type": "u32"}]}""";
        Path copy = dir.resolve("copy.tracer.json");
        AotTraining.writeWithoutHandler(document.getBytes(StandardCharsets.UTF_8), copy);
        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(copy.toFile());
        assertFalse(written.has("handler"), written.toString());
        JsonNode expected = json.readTree(document);
        ((ObjectNode) expected).remove("handler");
        assertEquals(expected, written);
    }
}
