package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelFacts;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every attach type the kernel supports (by {@link KernelFacts}, independent of our code) is
 * attached for real and shown to run; only those it lacks are skipped.
 */
@KernelTest
class AttachKernelTest {

    @Test
    void tracepoint() {
        KernelFacts.assumeSupports(AttachKind.TRACEPOINT);
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            try (BpfLink link = object.program("on_getppid").attachTracepoint("syscalls", "sys_enter_getppid")) {
                assertTrue(link.description().contains("sys_enter_getppid"));
                Triggers.getppid(4);
            }
            Triggers.getppid(4);
            assertEquals(4, KernelFixture.count(object, KernelFixture.C_TRACEPOINT), "closing the link detaches");
        }
    }

    @Test
    void rawTracepoint() {
        KernelFacts.assumeSupports(AttachKind.RAW_TRACEPOINT);
        try (BpfObject object = KernelFixture.load("on_raw_sys_enter")) {
            object.program("on_raw_sys_enter").attachRawTracepoint("sys_enter");
            Triggers.getppid(10);
            assertTrue(KernelFixture.count(object, KernelFixture.C_RAW_TP) >= 10);
        }
    }

    @Test
    void tpBtf() throws InterruptedException {
        KernelFacts.assumeSupports(AttachKind.TP_BTF);
        try (BpfObject object = KernelFixture.load("on_sched_switch")) {
            object.program("on_sched_switch").attachTrace();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(1); // each sleep switches this thread out at least once
            }
            // The program counts switches away from this thread only.
            assertTrue(KernelFixture.count(object, KernelFixture.C_TP_BTF) >= 5);
        }
    }

    @Test
    void uprobeAndUretprobeOnALibcFunction() {
        KernelFacts.assumeSupports(AttachKind.UPROBE);
        Path libc = Features.mappedLibrary("libc.so").orElseThrow();
        try (BpfObject object = KernelFixture.load("on_uprobe", "on_uretprobe")) {
            object.program("on_uprobe").attachUprobe(UprobeTarget.function(libc, "getpid").forPid(Triggers.pid()));
            object.program("on_uretprobe").attachUprobe(UprobeTarget.function(libc, "getpid").asReturnProbe());
            for (int i = 0; i < 6; i++) {
                Triggers.libc().getpid();
            }
            assertEquals(6, KernelFixture.count(object, KernelFixture.C_UPROBE));
            assertEquals(6, KernelFixture.count(object, KernelFixture.C_URETPROBE));
        }
    }

    @Test
    void usdtOnTheJvmsOwnProbes() throws Exception {
        KernelFacts.assumeSupports(AttachKind.USDT);
        Path libjvm = Features.mappedLibrary("libjvm.so").orElseThrow();
        try (BpfObject object = KernelFixture.load("on_usdt")) {
            object.program("on_usdt").attachUsdt(libjvm, "hotspot", "thread__start", Triggers.pid());
            Thread t = new Thread(() -> { });
            t.start();
            t.join();
            assertTrue(KernelFixture.count(object, KernelFixture.C_USDT) >= 1, "hotspot:thread__start fired");
        }
    }

    @Test
    void perfEventSamplingOnEveryCpu() {
        KernelFacts.assumeSupports(AttachKind.PERF_EVENT);
        try (BpfObject object = KernelFixture.load("on_perf_event")) {
            // A period (1 ms of CPU clock), not a frequency: the kernel's sample-rate limit cannot refuse it.
            BpfLink link = object.program("on_perf_event").attachPerfEvent(
                    new PerfEventSpec(PerfEventSpec.TYPE_SOFTWARE, PerfEventSpec.SW_CPU_CLOCK, 0, 1_000_000));
            assertTrue(link.description().contains(Cpus.online().size() + " CPUs"), link.description());
            for (int cpu : Cpus.online()) {
                // Work on each CPU in turn until that CPU's event has sampled it.
                int onCpu = cpu;
                Triggers.onCpu(cpu, () -> ReaderTestSupport.awaitCondition("a perf_event sample on CPU " + onCpu,
                        () -> {
                            Triggers.burnCpu(5);
                            return KernelFixture.perfSamplesOn(object, onCpu) > 0;
                        }));
            }
        }
    }

    @Test
    void xdpOnLoopback() {
        KernelFacts.assumeSupports(AttachKind.XDP);
        try (BpfObject object = KernelFixture.load("on_xdp")) {
            object.program("on_xdp").attachXdp(NetworkInterface.byName("lo"));
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_XDP) >= 5);
        }
    }

    @Test
    void tcOnLoopbackIsDetachedOnClose() throws Exception {
        KernelFacts.assumeSupports(AttachKind.TC);
        try (BpfObject object = KernelFixture.load("on_tc")) {
            BpfLink link = object.program("on_tc").attachTc(NetworkInterface.byName("lo"), TcDirection.INGRESS);
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_TC) >= 5);
            String programId = "id " + programId(object.program("on_tc")) + " ";
            assertTrue(tcIngressFilters().contains(programId), "tc shows our filter: " + tcIngressFilters());
            link.close();
            assertFalse(tcIngressFilters().contains(programId), "tc filter left behind: " + tcIngressFilters());
        }
    }

    /** The kernel's id of a loaded program, from its fd's fdinfo. */
    private static String programId(BpfProgram program) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc/self/fdinfo/" + program.fd())).stream()
                .filter(l -> l.startsWith("prog_id:")).map(l -> l.substring(8).strip()).findFirst().orElseThrow();
    }

    private static String tcIngressFilters() throws java.io.IOException {
        return new String(new ProcessBuilder("tc", "filter", "show", "dev", "lo", "ingress")
                .redirectErrorStream(true).start().getInputStream().readAllBytes());
    }

    @Test
    void cgroupSkbOnTheRootCgroup() {
        KernelFacts.assumeSupports(AttachKind.CGROUP);
        try (BpfObject object = KernelFixture.load("on_cgroup_ingress")) {
            object.program("on_cgroup_ingress").attachCgroup(Cgroups.requireV2Root());
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_CGROUP) >= 5);
        }
    }

    @Test
    void taskIteratorListsThisProcess() {
        KernelFacts.assumeSupports(AttachKind.ITERATOR);
        try (BpfObject object = KernelFixture.load("dump_tasks")) {
            IteratorLink iterator = object.program("dump_tasks").attachIterator();
            String first = iterator.read();
            assertTrue(first.lines().anyMatch(l -> l.startsWith(Triggers.pid() + " ")), first);
            assertTrue(first.lines().count() > 10, "every process is listed, not just ours: " + first.lines().count());
            assertFalse(iterator.read().isEmpty(), "an iterator can be read again");
        }
    }

    @Test
    void fentryOnAKernelFunction() throws Exception {
        KernelFacts.assumeSupports(AttachKind.FENTRY);
        try (BpfObject object = KernelFixture.load("on_fentry_nanosleep")) {
            object.program("on_fentry_nanosleep").attachTrace();
            Triggers.nanosleeps(3); // Thread.sleep parks on a futex: it never reaches do_nanosleep
            assertEquals(3, KernelFixture.count(object, KernelFixture.C_FENTRY));
        }
    }

    @Test
    void kprobeOnAKernelFunction() throws Exception {
        KernelFacts.assumeSupports(AttachKind.KPROBE);
        try (BpfObject object = KernelFixture.load("on_kprobe_nanosleep")) {
            object.program("on_kprobe_nanosleep").attachKprobe("do_nanosleep", false);
            Triggers.nanosleeps(3);
            assertEquals(3, KernelFixture.count(object, KernelFixture.C_KPROBE));
        }
    }

    @Test
    void lsmOnFileOpen() throws Exception {
        KernelFacts.assumeSupports(AttachKind.LSM);
        try (BpfObject object = KernelFixture.load("on_lsm_file_open")) {
            object.program("on_lsm_file_open").attachLsm();
            java.nio.file.Files.readAllBytes(Path.of("/proc/self/stat"));
            assertTrue(KernelFixture.count(object, KernelFixture.C_LSM) >= 1);
        }
    }

    /** doctor and the run's error messages rely on Features: it must agree with the kernel's own answer. */
    @Test
    void featuresProbeAgreesWithTheKernelFacts() {
        for (AttachKind kind : AttachKind.values()) {
            FeatureStatus status = Features.attach(kind);
            assertEquals(KernelFacts.supports(kind), status.available(),
                    kind + ": Features says " + status + ", the kernel " + KernelFacts.missing(kind));
            if (!status.available()) {
                assertFalse(status.reason().isBlank(), kind + " has a reason");
            }
        }
    }
}
