package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An interactive bash reading from a pipe still reads its lines through readline(). */
@KernelTest
class BashreadlineTest {
    private static final Path BASH = Path.of("/bin/bash");

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.UPROBE);
        Assumptions.assumeTrue(Files.isExecutable(BASH), "no /bin/bash here");
    }

    @Test
    void reportsTheLinesTypedIntoBash() throws IOException {
        String marker = "polytrace-" + UUID.randomUUID();
        Process bash = new ProcessBuilder(BASH.toString(), "--norc", "--noprofile", "-i")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicInteger lines = new AtomicInteger();
        try (OutputStream stdin = bash.getOutputStream();
             TracerRun run = TracerRun.start("bashreadline", Duration.ofSeconds(3))) {
            JsonNode line = run.expectRecord("for the line with " + marker,
                    r -> r.path("command").asText().startsWith(": " + marker),
                    () -> type(stdin, ": " + marker + " " + lines.incrementAndGet()));
            assertEquals(bash.pid(), line.path("pid").asLong());
            assertEquals((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid"), line.path("uid").asInt());
            type(stdin, "exit");
        } finally {
            Workloads.waitFor(bash);
        }
    }

    private static void type(OutputStream stdin, String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
