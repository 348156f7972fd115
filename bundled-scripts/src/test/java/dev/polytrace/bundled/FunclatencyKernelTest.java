package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload calls polytrace_timed_call (a 2 ms nanosleep) a known number of times and times
 * each call itself around it. The probes fire inside that window, after the sleep began and
 * before it ended: each traced latency lies between 2 ms and what the workload measured.
 */
@KernelTest
class FunclatencyKernelTest {
    private static final int CALLS = 100;
    private static final long TWO_MS = 2_000_000;

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.UPROBE);
    }

    @Test
    void histogramAndAverageOfAFunctionInAGivenBinary(@TempDir Path dir) throws IOException {
        Path binary = Workloads.compileWorkload(dir);
        String function = "polytrace_timed_call";
        try (Workload workload = Workload.start(binary, "timed", CALLS)) {
            CliRun run = CliRun.json("funclatency",
                    "--attach", "func_entry.binary=" + binary, "--attach", "func_entry.symbol=" + function,
                    "--attach", "func_exit.binary=" + binary, "--attach", "func_exit.symbol=" + function,
                    "--param", "target_pid=" + workload.pid());
            long[] measured;
            try (run) {
                run.awaitAttached();
                workload.go();
                measured = workload.awaitDone();
            }
            assertEquals(CALLS, measured[0], "calls the workload made");
            long maxNs = measured[1];
            long totalNs = measured[2];

            // one summary per second with calls, and one at the end
            List<JsonNode> summaries = run.rows();
            long count = summaries.stream().mapToLong(r -> r.path("count").asLong()).sum();
            long tracedNs = summaries.stream().mapToLong(r -> r.path("total_ns").asLong()).sum();
            assertEquals(CALLS, count, () -> "every call, once" + run.describe());
            assertTrue(tracedNs >= CALLS * TWO_MS && tracedNs <= totalNs,
                    () -> "between 2 ms a call and the workload's own " + totalNs + " ns in all" + run.describe());

            // per-second histograms: each shows the calls since the previous one
            List<String> hists = run.samples("hist");
            long histogrammed = 0;
            for (String text : hists) {
                assertTrue(text.isEmpty() || text.contains("nsecs"), () -> "in nanoseconds: " + text);
                for (HistogramText.Bucket b : HistogramText.buckets(text)) {
                    if (b.count() > 0) {
                        assertTrue(b.high() >= TWO_MS && b.low() <= maxNs,
                                () -> b + " is not a bucket of 2 ms to " + maxNs + " ns: " + text);
                        histogrammed += b.count();
                    }
                }
            }
            long inHistograms = histogrammed;
            // the host takes each bucket out as it reads it; only an add racing that, between the
            // program's lookup of its bucket and the add, can miss every print
            assertTrue(inHistograms >= 1 && inHistograms <= CALLS, () -> inHistograms + " calls in the histograms"
                    + run.describe());
        }
    }
}
