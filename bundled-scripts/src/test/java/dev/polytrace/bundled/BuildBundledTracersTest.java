package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step itself: incremental, an index from the descriptions, clang's message on failure. */
class BuildBundledTracersTest {
    private static final String GOOD = """
            // Count getpid() calls.
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            char LICENSE[] SEC("license") = "GPL";
            /// only count this process id (0 = all)
            const volatile int target_pid = 0;
            SEC("tracepoint/syscalls/sys_enter_getpid")
            int count(void *ctx) { return target_pid; }
            """;

    @Test
    void buildsOnceThenKeepsUpToDatePackages(@TempDir Path tmp) throws Exception {
        Path tracers = tracer(tmp, "tiny", GOOD);
        Path source = tracers.resolve("tiny/tiny.bpf.c");
        // file times are coarse (a clock tick or more): a package written right after its source
        // may carry the same time, which reads as "source changed since"
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path out = tmp.resolve("out");
        Log log = new Log();
        assertTrue(new BuildBundledTracers(tracers, out, log.stream).buildAll(), log::text);
        assertTrue(log.text().contains("1 built, 0 up to date"), log::text);
        assertEquals("tiny\tCount getpid() calls.\n", Files.readString(out.resolve("index.tsv")));
        FileTime built = Files.getLastModifiedTime(out.resolve("tiny.tracer.json"));

        Log again = new Log();
        assertTrue(new BuildBundledTracers(tracers, out, again.stream).buildAll(), again::text);
        assertTrue(again.text().contains("0 built, 1 up to date"), again::text);
        assertEquals(built, Files.getLastModifiedTime(out.resolve("tiny.tracer.json")));

        Files.setLastModifiedTime(source, FileTime.from(built.toInstant().plus(Duration.ofHours(1))));
        Log touched = new Log();
        assertTrue(new BuildBundledTracers(tracers, out, touched.stream).buildAll(), touched::text);
        assertTrue(touched.text().contains("1 built, 0 up to date"), touched::text);
    }

    @Test
    void aTracerThatDoesNotCompileFailsWithClangsMessage(@TempDir Path tmp) throws Exception {
        Path tracers = tracer(tmp, "broken", GOOD.replace("return target_pid;", "return undeclared_thing;"));
        Path out = tmp.resolve("out");
        Log log = new Log();
        assertFalse(new BuildBundledTracers(tracers, out, log.stream).buildAll());
        assertTrue(log.text().contains("bundled tracer broken failed to build"), log::text);
        assertTrue(log.text().contains("broken.bpf.c:8") && log.text().contains("undeclared_thing"), log::text);
        assertFalse(Files.exists(out.resolve("broken.tracer.json")));
    }

    @Test
    void packagesOfRemovedTracersAreDeleted(@TempDir Path tmp) throws Exception {
        Path tracers = tracer(tmp, "tiny", GOOD);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("gone.tracer.json"), "{}");
        assertTrue(new BuildBundledTracers(tracers, out, new Log().stream).buildAll());
        assertFalse(Files.exists(out.resolve("gone.tracer.json")));
    }

    private static Path tracer(Path root, String name, String source) throws IOException {
        Path tracers = root.resolve("tracers");
        Path dir = Files.createDirectories(tracers.resolve(name));
        Files.writeString(dir.resolve(name + ".bpf.c"), source);
        return tracers;
    }

    private static final class Log {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
