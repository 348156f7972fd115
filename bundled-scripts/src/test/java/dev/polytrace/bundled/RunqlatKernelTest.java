package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * runqlat has no handler: the host prints its {@code hists} map every second, and clears it, as
 * BCC's runqlat prints its histograms. A workload sleeping 1 ms at a time wakes up (and so waits on
 * a run queue) about a thousand times a second; the run stops once a histogram shows it.
 */
@KernelTest
class RunqlatKernelTest {
    @TempDir
    static Path dir;
    private static Path binary;

    @BeforeAll
    static void workload() throws IOException {
        KernelHooks.assume(AttachKind.TP_BTF);
        binary = Workloads.compileWorkload(dir);
    }

    @Test
    void histogramOfOneProcessOnly() {
        try (Workload sleeper = Workload.start(binary, "sleep")) {
            String header = "key = " + sleeper.pid() + " comm = " + Workloads.comm(binary);
            CliRun run = CliRun.json("runqlat", "--param", "per_process=true",
                    "--param", "target_pid=" + sleeper.pid());
            try (run) {
                run.awaitRecord("with a histogram for " + header, r -> r.path("sample").asText().equals("hists")
                        && HistogramText.total(HistogramText.section(r.path("text").asText(), header)) > 0);
            }
            for (String text : run.samples("hists")) {
                assertTrue(text.isEmpty() || text.contains("usecs") && text.contains("distribution"),
                        () -> "BCC's header: " + text);
                // one histogram per process seen: only the workload's
                List<String> keys = text.lines().filter(l -> l.startsWith("key = ")).toList();
                assertTrue(keys.stream().allMatch(header::equals), () -> "only " + header + ": " + text);
                assertEquals(HistogramText.total(text), HistogramText.total(HistogramText.section(text, header)), text);
            }
        }
    }

    @Test
    void overallHistogramWithoutHeader() {
        try (Workload sleeper = Workload.start(binary, "sleep")) {
            CliRun run = CliRun.json("runqlat");
            try (run) {
                run.awaitRecord("with a non-empty histogram", r -> r.path("sample").asText().equals("hists")
                        && HistogramText.total(r.path("text").asText()) > 0);
            }
            for (String text : run.samples("hists")) {
                assertFalse(text.contains("key ="), () -> "one overall histogram: " + text);
            }
        }
    }
}
