package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class FunclatencyTest {
    /** polytrace_timed_call sleeps 2 ms: its calls land in the 1..2 ms or 2..4 ms bucket. */
    private static final long TWO_MS = 2_000_000;

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.UPROBE);
    }

    @Test
    void histogramAndAverageOfAFunctionInAGivenBinary(@TempDir Path dir) throws IOException {
        Path binary = Workloads.compileWorkload(dir);
        Process workload = Workloads.startWorkload(binary, "timed");
        String function = "polytrace_timed_call";
        try (TracerRun run = TracerRun.start("funclatency", Duration.ofSeconds(3),
                "--attach", "func_entry.binary=" + binary, "--attach", "func_entry.symbol=" + function,
                "--attach", "func_exit.binary=" + binary, "--attach", "func_exit.symbol=" + function,
                "--param", "target_pid=" + workload.pid())) {
            JsonNode summary = run.expectRecord("with a call count", r -> r.path("count").asLong() > 0, () -> { });
            long avg = summary.path("avg_ns").asLong();
            assertTrue(avg >= TWO_MS && avg < 50 * TWO_MS, () -> "about 2 ms per call: " + summary);

            JsonNode hist = run.expectRecord("with a histogram", r -> r.path("sample").asText().equals("hist")
                    && HistogramText.total(r.path("text").asText()) > 0, () -> { });
            String text = hist.path("text").asText();
            assertTrue(text.contains("nsecs"), () -> "in nanoseconds: " + text);
            long near = HistogramText.countAt(text, TWO_MS) + HistogramText.countAt(text, TWO_MS + TWO_MS / 2);
            assertTrue(near * 2 >= HistogramText.total(text), () -> "most calls near 2 ms: " + text);
        } finally {
            Workloads.stopWorkload(workload);
        }
    }
}
