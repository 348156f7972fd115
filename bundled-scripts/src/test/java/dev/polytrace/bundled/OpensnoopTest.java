package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class OpensnoopTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void namesTheErrorOfAFailedOpenAndTheFdOfASuccessfulOne(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing-" + UUID.randomUUID());
        Path present = Files.writeString(dir.resolve("present-" + UUID.randomUUID()), "x");
        try (TracerRun run = TracerRun.start("opensnoop", Duration.ofSeconds(3),
                "--param", "target_pid=" + Workloads.ownPid())) {
            JsonNode failed = run.expectRecord("for " + missing, r -> r.path("path").asText().equals(missing.toString()),
                    () -> openMissing(missing));
            assertEquals("ENOENT", failed.path("err").asText());
            assertEquals(-1, failed.path("fd").asInt());
            assertEquals(Workloads.ownPid(), failed.path("pid").asInt());

            JsonNode opened = run.expectRecord("for " + present, r -> r.path("path").asText().equals(present.toString()),
                    () -> readPresent(present));
            assertEquals("0", opened.path("err").asText());
            assertEquals(true, opened.path("fd").asInt() >= 0, () -> "a file descriptor: " + opened);
        }
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
