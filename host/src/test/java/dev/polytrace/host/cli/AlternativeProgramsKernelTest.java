package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.Features;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tracer with a tp_btf program and its raw_tp fallback on one hook (alternatives.bpf.c)
 * reports each call once: only the preferred program the kernel supports is loaded.
 */
@KernelTest
class AlternativeProgramsKernelTest {
    private static final int CALLS = 3;
    private static final int TP_BTF = 1;
    private static final int RAW_TP = 2;

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void eachCallIsReportedOnceByThePreferredHook() {
        CliRun run = start();
        List<JsonNode> calls = trigger(run);
        int expected = Features.attach(AttachKind.TP_BTF).available() ? TP_BTF : RAW_TP;
        assertEquals(java.util.Collections.nCopies(CALLS, expected), hooks(calls), run.describe());
        String said = expected == TP_BTF ? "polytrace: alternatives: alternative programs: loading tp_btf getppid_btf"
                + " instead of raw_tp getppid_raw (--disable-program NAME to choose otherwise)"
                : "polytrace: alternatives: alternative programs: loading raw_tp getppid_raw instead of tp_btf"
                + " getppid_btf (tp_btf: ";
        assertTrue(run.err().contains(said), run.err());
    }

    @Test
    void disablingThePreferredProgramLoadsItsAlternative() {
        CliRun run = start("--disable-program", "getppid_btf");
        assertEquals(java.util.Collections.nCopies(CALLS, RAW_TP), hooks(trigger(run)), run.describe());
        assertFalse(run.err().contains("alternative programs"), run.err());
    }

    private static CliRun start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--param", "target_tgid="
                + ProcessHandle.current().pid()));
        args.addAll(List.of(extra));
        return CliRun.json(RunFixtures.packageFile("alternatives").toString(), args.toArray(String[]::new))
                .awaitAttached();
    }

    /** CALLS getppid() calls, then the run stopped: what it reported, drained. */
    private static List<JsonNode> trigger(CliRun run) {
        Triggers.getppid(CALLS);
        run.stop();
        return run.rows();
    }

    private static List<Integer> hooks(List<JsonNode> calls) {
        return calls.stream().map(c -> c.get("hook").asInt()).toList();
    }
}
