package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class OpensnoopKernelTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    /** Both opens have returned before the run stops. */
    @Test
    void namesTheErrorOfAFailedOpenAndTheFdOfASuccessfulOne(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing-" + UUID.randomUUID());
        Path present = Files.writeString(dir.resolve("present-" + UUID.randomUUID()), "x");
        CliRun run = CliRun.json("opensnoop", "--param", "target_pid=" + Workloads.ownPid());
        try (run) {
            run.awaitAttached();
            openMissing(missing);
            readPresent(present);
        }
        JsonNode failed = only(run, missing);
        assertEquals("ENOENT", failed.path("err").asText());
        assertEquals(-1, failed.path("fd").asInt());
        assertEquals(Workloads.ownPid(), failed.path("pid").asInt());

        JsonNode opened = only(run, present);
        assertEquals("0", opened.path("err").asText());
        assertTrue(opened.path("fd").asInt() >= 0, () -> "a file descriptor: " + opened);
        assertEquals(Workloads.ownPid(), opened.path("pid").asInt());
    }

    private static JsonNode only(CliRun run, Path path) {
        List<JsonNode> rows = run.rows().stream().filter(r -> r.path("path").asText().equals(path.toString())).toList();
        assertEquals(1, rows.size(), () -> "one open of " + path + run.describe());
        return rows.get(0);
    }

    private static void openMissing(Path path) {
        try {
            Files.newInputStream(path).close();
            throw new IllegalStateException(path + " exists");
        } catch (NoSuchFileException expected) {
            // the traced failure
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readPresent(Path path) {
        try {
            Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
