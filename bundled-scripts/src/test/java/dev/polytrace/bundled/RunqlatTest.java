package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** runqlat has no handler: the host prints its @sample map as BCC's runqlat prints its histogram. */
@KernelTest
class RunqlatTest {
    private final AtomicBoolean spinning = new AtomicBoolean(true);
    private final List<Thread> spinners = new ArrayList<>();

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TP_BTF);
    }

    /** More busy threads than CPUs, so that ours wait on the run queue. */
    @BeforeEach
    void contendForCpus() {
        int threads = Runtime.getRuntime().availableProcessors() + 2;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (spinning.get()) {
                    Triggers.burnCpu(50);
                }
            }, "runqlat-spinner-" + i);
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
    }

    @AfterEach
    void stopSpinning() throws InterruptedException {
        spinning.set(false);
        for (Thread t : spinners) {
            t.join();
        }
    }

    @Test
    void histogramOfThisProcess() {
        int pid = Workloads.ownPid();
        try (TracerRun run = TracerRun.start("runqlat", Duration.ofSeconds(3), "--param", "per_process=true",
                "--param", "target_pid=" + pid)) {
            JsonNode sample = run.expectRecord("with a histogram for pid " + pid,
                    r -> r.path("sample").asText().equals("hists")
                            && HistogramText.total(HistogramText.section(r.path("text").asText(), "key = " + pid)) > 0,
                    () -> { });
            String text = sample.path("text").asText();
            assertTrue(text.contains("usecs") && text.contains("distribution"), () -> "BCC's header: " + text);
            assertTrue(!text.contains("key = 0 "), () -> "only our process: " + text);
        }
    }

    @Test
    void overallHistogramWithoutHeader() {
        try (TracerRun run = TracerRun.start("runqlat", Duration.ofSeconds(2))) {
            JsonNode sample = run.expectRecord("with a non-empty histogram",
                    r -> r.path("sample").asText().equals("hists") && HistogramText.total(r.path("text").asText()) > 0,
                    () -> { });
            assertTrue(!sample.path("text").asText().contains("key ="), () -> "one overall histogram: " + sample);
        }
    }
}
