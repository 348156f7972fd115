package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.host.pkg.PackageProgram;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** @sample maps, programs with their sections, @attach targets and @options. */
class OutputsAndProgramsTest {

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void sampledMapsFollowEunomiaDefaults() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("histogram.bpf.c"));

        assertEquals(List.of(
                new SampledMap("hists", "log2_hist", 2000, "usecs", true, 1),
                new SampledMap("sizes", "linear_hist", 1000, "(unit)", false, 10),
                new SampledMap("calls", "table", 500, "(unit)", false, 1)), pkg.outputs().samples());
        assertEquals(List.of(), pkg.outputs().events());
        assertEquals(List.of(new PackageProgram("read_enter", "tracepoint/syscalls/sys_enter_read", Optional.empty()),
                new PackageProgram("read_exit", "tracepoint/syscalls/sys_exit_read", Optional.empty())),
                pkg.programs(), "the static helper log2l is not a program");
    }

    @Test
    void attachAnnotationsBecomeTargetsOfTheirPrograms() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("attach.bpf.c"));

        assertEquals(List.of(
                new PackageProgram("xdp_count", "xdp", Optional.of(
                        new AttachTarget("lo", null, null, null, null, null, null, null, null, null))),
                new PackageProgram("readline_ret", "uretprobe", Optional.of(
                        new AttachTarget(null, null, "/bin/bash", "readline", null, -1, true, null, null, null))),
                new PackageProgram("on_switch", "tracepoint", Optional.of(
                        new AttachTarget(null, null, null, null, null, null, null, null, null, "sched:sched_switch"))),
                new PackageProgram("on_fork", "tp/sched/sched_process_fork", Optional.empty())),
                pkg.programs());
    }

    @Test
    void optionsAnnotationAtTheTop() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("attach.bpf.c"));

        assertEquals(new PackageOptions(500, 200, "stop"), pkg.options());
        assertEquals("attach: programs whose targets are only known at run time", pkg.description(),
                "/// lines are not part of the leading comment");
        assertTrue(pkg.params().isEmpty(), "packets has no /// help: " + pkg.params());
    }
}
